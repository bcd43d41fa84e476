using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Metrics;

/// <summary>
/// The evaluation of multi-label predictions, with scikit-learn's definitions (zero_division=0). Written as JSON into
/// metrics blobs; <see cref="ToSummary"/> gives the headline figures kept in a manifest.
/// </summary>
public sealed record MultiLabelMetrics
{
    public required long SampleCount { get; init; }

    /// <summary>Per label, in output order.</summary>
    public required IReadOnlyList<LabelMetrics> PerLabel { get; init; }

    /// <summary>From counts summed over labels.</summary>
    public required AveragedScores Micro { get; init; }

    /// <summary>Unweighted mean of the per-label scores.</summary>
    public required AveragedScores Macro { get; init; }

    /// <summary>Mean of the per-label scores weighted by support.</summary>
    public required AveragedScores Weighted { get; init; }

    /// <summary>Mean of per-sample scores; null when built from per-label counts, which cannot give it.</summary>
    public AveragedScores? SamplesAverage { get; init; }

    /// <summary>Share of samples whose predicted label set equals the true set (subset accuracy); null when built from counts.</summary>
    public double? ExactMatch { get; init; }

    /// <summary>Share of (sample, label) decisions that are wrong.</summary>
    public required double HammingLoss { get; init; }

    /// <summary>One matrix per label group, from each group's best-scoring label; empty without groups or scores.</summary>
    public IReadOnlyList<GroupConfusionMatrix> GroupConfusion { get; init; } = [];

    /// <summary>Builds the report from per-label confusion counts, e.g. a published classification report's.</summary>
    /// <exception cref="ArgumentException">No labels, or the labels' counts cover different numbers of samples.</exception>
    public static MultiLabelMetrics FromLabelCounts(IEnumerable<LabelCounts> counts) => FromLabelCounts(counts, samplesAverage: null, exactMatch: null, groupConfusion: []);

    internal static MultiLabelMetrics FromLabelCounts(
        IEnumerable<LabelCounts> counts, AveragedScores? samplesAverage, double? exactMatch, IReadOnlyList<GroupConfusionMatrix> groupConfusion)
    {
        ArgumentNullException.ThrowIfNull(counts);
        LabelCounts[] labels = [.. counts];
        if (labels.Length == 0)
        {
            throw new ArgumentException("Metrics need at least one label.", nameof(counts));
        }

        long samples = labels[0].Total;
        LabelCounts? mismatched = labels.FirstOrDefault(l => l.Total != samples);
        if (mismatched is not null)
        {
            throw new ArgumentException($"Label '{mismatched.Label}' counts {mismatched.Total} samples but '{labels[0].Label}' counts {samples}; all labels must cover the same samples.", nameof(counts));
        }

        LabelMetrics[] perLabel = [.. labels.Select(MetricsMath.Score)];
        long tp = labels.Sum(l => l.TruePositives);
        long fp = labels.Sum(l => l.FalsePositives);
        long fn = labels.Sum(l => l.FalseNegatives);
        long support = tp + fn;
        return new MultiLabelMetrics
        {
            SampleCount = samples,
            PerLabel = perLabel,
            Micro = new AveragedScores(MetricsMath.Divide(tp, tp + fp), MetricsMath.Divide(tp, tp + fn), MetricsMath.F1(tp, fp, fn), support),
            Macro = new AveragedScores(perLabel.Average(l => l.Precision), perLabel.Average(l => l.Recall), perLabel.Average(l => l.F1), support),
            Weighted = new AveragedScores(
                MetricsMath.Divide(perLabel.Sum(l => l.Precision * l.Support), support),
                MetricsMath.Divide(perLabel.Sum(l => l.Recall * l.Support), support),
                MetricsMath.Divide(perLabel.Sum(l => l.F1 * l.Support), support),
                support),
            SamplesAverage = samplesAverage,
            ExactMatch = exactMatch,
            HammingLoss = MetricsMath.Divide(fp + fn, (double)samples * labels.Length),
            GroupConfusion = groupConfusion,
        };
    }

    /// <summary>The manifest's headline figures. Figures the report lacks (built from counts) are NaN.</summary>
    public MetricsSummary ToSummary() => new(
        checked((int)SampleCount),
        Micro.F1,
        Macro.F1,
        Weighted.F1,
        SamplesAverage?.F1 ?? double.NaN,
        ExactMatch ?? double.NaN,
        HammingLoss,
        PerLabel.ToDictionary(l => l.Label, l => l.F1, StringComparer.Ordinal));
}
