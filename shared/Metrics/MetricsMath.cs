namespace FashionServerless.Shared.Metrics;

/// <summary>scikit-learn's formulas with zero_division=0.</summary>
internal static class MetricsMath
{
    public static double Divide(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    /// <summary>F1 as scikit-learn (1.3+) computes it, 2TP / (2TP + FP + FN), rather than from rounded precision and recall.</summary>
    public static double F1(long truePositives, long falsePositives, long falseNegatives) =>
        Divide(2.0 * truePositives, (2.0 * truePositives) + falsePositives + falseNegatives);

    public static LabelMetrics Score(LabelCounts counts) => new(
        counts.Label,
        counts.TrueNegatives,
        counts.FalsePositives,
        counts.FalseNegatives,
        counts.TruePositives,
        Divide(counts.TruePositives, counts.TruePositives + counts.FalsePositives),
        Divide(counts.TruePositives, counts.TruePositives + counts.FalseNegatives),
        F1(counts.TruePositives, counts.FalsePositives, counts.FalseNegatives),
        counts.Support);
}
