using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Evaluation;

/// <summary>The prediction records processed in (<see cref="Since"/>, <see cref="Until"/>], summarised.</summary>
public sealed record TrafficSummary
{
    /// <summary>The previous run's <see cref="Until"/>; null on the first run (every record counts).</summary>
    public DateTimeOffset? Since { get; init; }

    public required DateTimeOffset Until { get; init; }

    public required long Records { get; init; }

    public required long Classified { get; init; }

    public required long Rejected { get; init; }

    /// <summary>Rejected share of <see cref="Records"/> (0 with no records).</summary>
    public required double RejectionRate { get; init; }

    /// <summary>Reason code to count and share of <see cref="Records"/>.</summary>
    public required IReadOnlyDictionary<string, ReasonCount> RejectionsByReason { get; init; }

    /// <summary>Per label of the evaluated model, in label order.</summary>
    public required IReadOnlyList<LabelTraffic> Labels { get; init; }

    /// <summary>The tolerance the labels were flagged with.</summary>
    public required double DriftTolerance { get; init; }

    /// <summary>Labels whose live rate moved beyond the tolerance.</summary>
    public required IReadOnlyList<string> FlaggedLabels { get; init; }

    /// <summary>Record blobs in the window that could not be read, with why.</summary>
    public required IReadOnlyList<SkippedFile> UnreadableRecords { get; init; }
}
