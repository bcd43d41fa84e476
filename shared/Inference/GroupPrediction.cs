namespace FashionServerless.Shared.Inference;

/// <summary>A label group's winner: the group's highest-scoring label.</summary>
/// <param name="Label">The group's best label.</param>
/// <param name="Score">Its sigmoid score.</param>
/// <param name="Uncertain">True when the score is below the group's floor, so the decision names no label of this group.</param>
public sealed record GroupPrediction(string Label, float Score, bool Uncertain = false);
