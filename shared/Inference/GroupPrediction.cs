namespace FashionServerless.Shared.Inference;

/// <summary>A label group's winner: the group's highest-scoring label, whether or not it clears its threshold.</summary>
public sealed record GroupPrediction(string Label, float Score);
