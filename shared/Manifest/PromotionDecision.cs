namespace FashionServerless.Shared.Manifest;

/// <summary>The promotion gate's verdict for a newly trained model, both scores measured in the same run.</summary>
/// <param name="Promoted">Whether <c>current</c> now points at this model.</param>
/// <param name="Reason">Why, in one sentence.</param>
/// <param name="CandidateMacroF1">This model's macro-F1 on the evaluation set; null when there was no labelled image to score it on.</param>
/// <param name="CurrentVersion">The model that was current, if any.</param>
/// <param name="CurrentMacroF1">That model's macro-F1 on the same set, if any.</param>
/// <param name="Forced">Promoted with --force despite the gate.</param>
public sealed record PromotionDecision(
    bool Promoted,
    string Reason,
    double? CandidateMacroF1,
    string? CurrentVersion,
    double? CurrentMacroF1,
    bool Forced,
    DateTimeOffset DecidedAt);
