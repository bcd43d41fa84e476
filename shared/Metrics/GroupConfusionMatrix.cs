namespace FashionServerless.Shared.Metrics;

/// <summary>
/// A confusion matrix within one group of exclusive labels (colour x colour, garment x garment): rows are the true
/// label, columns the group's best-scoring label. Samples whose truth has no single label in the group, or that came
/// without scores, cannot be placed and are counted in <see cref="ExcludedSamples"/> instead.
/// </summary>
public sealed record GroupConfusionMatrix(string Group, IReadOnlyList<string> Labels, long[][] Counts, long ExcludedSamples)
{
    /// <summary>Samples placed in the matrix.</summary>
    public long Total => Counts.Sum(row => row.Sum());

    /// <summary>The share of placed samples whose best label is the true one (0 when none were placed).</summary>
    public double Accuracy => MetricsMath.Divide(Enumerable.Range(0, Counts.Length).Sum(i => Counts[i][i]), Total);
}
