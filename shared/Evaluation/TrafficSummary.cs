using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// The prediction records logged since the previous run (<see cref="Since"/>) up to this one (<see cref="Until"/>),
/// summarised from the traffic log: each record is counted exactly once, in the first run after its line was appended.
/// </summary>
public sealed record TrafficSummary
{
    /// <summary>The previous run's <see cref="Until"/>; null on the first run (every record counts).</summary>
    public DateTimeOffset? Since { get; init; }

    public required DateTimeOffset Until { get; init; }

    public required long Records { get; init; }

    public required long Classified { get; init; }

    /// <summary>Records whose image the model doubted (a group's best score under its floor); not in the label rates.</summary>
    public long Uncertain { get; init; }

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

    /// <summary>Traffic log lines in the window that could not be read (<c>&lt;log blob&gt;@&lt;byte offset&gt;</c>), with why.</summary>
    public required IReadOnlyList<SkippedFile> UnreadableRecords { get; init; }

    /// <summary>Where the next run continues reading the traffic log; null in a report from before the log existed.</summary>
    public TrafficCursor? Cursor { get; init; }
}
