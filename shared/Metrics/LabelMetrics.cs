namespace FashionServerless.Shared.Metrics;

/// <summary>One label's confusion counts and scores (zero where a denominator is zero, as scikit-learn's zero_division=0).</summary>
public sealed record LabelMetrics(
    string Label,
    long TrueNegatives,
    long FalsePositives,
    long FalseNegatives,
    long TruePositives,
    double Precision,
    double Recall,
    double F1,
    long Support);
