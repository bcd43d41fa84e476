using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Feedback;

/// <summary>One model version's live accuracy on reviewed uploads.</summary>
/// <param name="ModelVersion">The version that made the predictions.</param>
/// <param name="FirstReviewedAt">The earliest review counted.</param>
/// <param name="LastReviewedAt">The latest review counted.</param>
/// <param name="Metrics">Micro/macro F1, exact match, per-label confusion counts and per-group confusion matrices.</param>
public sealed record LiveModelAccuracy(string ModelVersion, DateTimeOffset FirstReviewedAt, DateTimeOffset LastReviewedAt, MultiLabelMetrics Metrics);
