using Azure;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Publishing;

/// <summary>The gate's decision, and the pointer ETag it was made against (promotion is conditioned on it).</summary>
/// <param name="Decision">Goes into the candidate's manifest.</param>
/// <param name="PointerETag">The ETag of <c>current.json</c> when the current model was read; null when there was none.</param>
/// <param name="EvaluationDescription">Which images both models were scored on.</param>
/// <param name="CandidateMetrics">The candidate's full metrics on those images; null when there were none to score.</param>
/// <param name="Rejected">Evaluation images the candidate could not be scored on, with why.</param>
internal sealed record GateOutcome(PromotionDecision Decision, ETag? PointerETag, string EvaluationDescription, MultiLabelMetrics? CandidateMetrics, IReadOnlyList<SkippedFile> Rejected);
