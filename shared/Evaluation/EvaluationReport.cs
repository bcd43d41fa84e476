using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// One scheduled evaluation, written to <c>metrics/&lt;model version&gt;/&lt;UTC timestamp&gt;.json</c> and
/// <c>metrics/latest.json</c> (<see cref="ManifestJson"/> shape).
/// </summary>
public sealed record EvaluationReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string ModelVersion { get; init; }

    public required string ModelSha256 { get; init; }

    /// <summary>The labelled container scored.</summary>
    public required string EvaluationContainer { get; init; }

    /// <summary>Where this report was written in the metrics container (besides <c>latest.json</c>).</summary>
    public required string ReportBlobName { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    public required double DurationMs { get; init; }

    public required EvaluationImageCounts Images { get; init; }

    /// <summary>Every blob that could not be scored: path, reason code, message.</summary>
    public required IReadOnlyList<SkippedFile> RejectedImages { get; init; }

    /// <summary>All metrics with per-group confusion matrices; null when no image could be scored.</summary>
    public MultiLabelMetrics? Metrics { get; init; }

    public required TrafficSummary Traffic { get; init; }

    /// <summary>Accuracy on reviewed live uploads, per model version; null in reports written before feedback existed.</summary>
    public LiveAccuracyReport? Live { get; init; }
}
