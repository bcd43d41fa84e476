using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Reporting;

/// <summary>Everything the report folder shows about one training run.</summary>
internal sealed record TrainingReport
{
    public required ModelManifest Manifest { get; init; }

    public required IReadOnlyList<ReportEpoch> Epochs { get; init; }

    /// <summary>Full validation metrics at the chosen thresholds.</summary>
    public MultiLabelMetrics? Validation { get; init; }

    /// <summary>Full test metrics at the chosen thresholds; the confusion matrices come from here (else from validation).</summary>
    public MultiLabelMetrics? Test { get; init; }

    /// <summary>One line on the export's parity check.</summary>
    public string? Parity { get; init; }

    public TimeSpan WallTime { get; init; }

    public double ImagesPerSecond { get; init; }
}
