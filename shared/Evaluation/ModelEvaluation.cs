using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Evaluation;

/// <summary>One model's figures on a labelled image set.</summary>
/// <param name="ModelVersion">The model scored.</param>
/// <param name="Metrics">All metrics; null when no image could be scored.</param>
/// <param name="Evaluated">Images scored into the metrics.</param>
/// <param name="Uncertain">Of those, images in which a group's best score fell below the model's floor.</param>
/// <param name="Skipped">Every listed entry that was not scored for this model, with its reason.</param>
public sealed record ModelEvaluation(string ModelVersion, MultiLabelMetrics? Metrics, long Evaluated, long Uncertain, IReadOnlyList<SkippedFile> Skipped);
