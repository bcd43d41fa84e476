namespace FashionServerless.Shared.Decisions;

/// <summary>The decision rule part of a manifest. A manifest without one predates it and decides by thresholds.</summary>
public sealed record DecisionRule
{
    public DecisionRuleKind Rule { get; init; } = DecisionRuleKind.GroupArgmax;

    /// <summary>
    /// With <see cref="DecisionRuleKind.GroupArgmax"/>: per group, the best score below which the group is uncertain.
    /// A group without a floor is never uncertain.
    /// </summary>
    public IReadOnlyDictionary<string, float> Floors { get; init; } = new Dictionary<string, float>(StringComparer.Ordinal);

    /// <summary>How the floors were chosen, in words (data, quantile), for whoever audits the model.</summary>
    public string? FloorCalibration { get; init; }
}
