namespace FashionServerless.Shared.Predictions;

/// <summary>The outcome for one upload and where its record lives.</summary>
/// <param name="Outcome">What was done.</param>
/// <param name="RecordBlobName">The record's blob name in the predictions container.</param>
/// <param name="Record">The record written, or for <see cref="PredictionOutcome.Duplicate"/> the one that already covered the upload; null for <see cref="PredictionOutcome.SourceMissing"/>.</param>
public sealed record PredictionResult(PredictionOutcome Outcome, string RecordBlobName, PredictionRecord? Record);
