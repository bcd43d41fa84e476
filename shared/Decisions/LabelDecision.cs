namespace FashionServerless.Shared.Decisions;

/// <summary>One image's decision: which labels are predicted (written into the caller's span) and which groups were uncertain.</summary>
/// <param name="UncertainGroups">Indexes (in group order) of the groups whose best score fell below their floor; empty when none.</param>
public readonly record struct LabelDecision(IReadOnlyList<int> UncertainGroups)
{
    public bool IsUncertain => UncertainGroups.Count > 0;
}
