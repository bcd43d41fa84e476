namespace FashionServerless.Shared.Manifest;

/// <summary>The headline figures of one evaluation, as stored in a manifest.</summary>
public sealed record MetricsSummary(
    int Samples,
    double MicroF1,
    double MacroF1,
    double WeightedF1,
    double SamplesF1,
    double ExactMatch,
    double HammingLoss,
    IReadOnlyDictionary<string, double> PerLabelF1);
