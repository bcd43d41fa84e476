namespace FashionServerless.Shared.Evaluation;

/// <summary>One label in live traffic against the training data.</summary>
/// <param name="Label">The label.</param>
/// <param name="Positives">Classified records that carry it.</param>
/// <param name="LiveRate">Its share of classified records; null when none were classified.</param>
/// <param name="TrainingRate">Its share of the training images (from the manifest's images per class); null when the manifest has no data set summary.</param>
/// <param name="Drift">LiveRate minus TrainingRate; null when either is unknown.</param>
/// <param name="Flagged">Whether |Drift| is over the tolerance.</param>
public sealed record LabelTraffic(string Label, long Positives, double? LiveRate, double? TrainingRate, double? Drift, bool Flagged);
