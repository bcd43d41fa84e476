namespace FashionServerless.Shared.Evaluation;

/// <summary>What <see cref="LabelledSetEvaluator"/> found: every listed entry is, for each model, either scored or skipped.</summary>
/// <param name="Source">The source's description.</param>
/// <param name="Listed">Entries listed.</param>
/// <param name="Models">One result per model, in the order given.</param>
public sealed record LabelledSetEvaluation(string Source, long Listed, IReadOnlyList<ModelEvaluation> Models);
