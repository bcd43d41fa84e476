using System.Globalization;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Trainer.Publishing;

/// <summary>
/// Decides whether a candidate may become current: its macro-F1 on the evaluation set must be at least the current
/// model's on the same set, both scored now with the shared classifier (a figure from another day or another set
/// would not be comparable). <c>force</c> promotes regardless, and says so.
/// </summary>
internal sealed class PromotionGate(ModelRegistry registry, TimeProvider? time = null)
{
    private readonly ModelRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <exception cref="InvalidOperationException">The candidate could not score a single evaluation image.</exception>
    public async Task<GateOutcome> DecideAsync(OnnxClassifier candidate, EvaluationSet set, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(set);
        (MultiLabelMetrics? candidateMetrics, IReadOnlyList<SkippedFile> rejected) = EvaluationSetScorer.Score(candidate, set, cancellationToken);
        double candidateF1 = candidateMetrics?.Macro.F1
            ?? throw new InvalidOperationException($"The candidate could not score any image of {set.Description} ({rejected.Count} rejected); the gate cannot decide.");

        CurrentModel? current = await _registry.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return Outcome(true, "no model is current yet, so the first published model becomes current.", candidateF1, null, null, forced: false, current, set, rejected);
        }

        if (current.Version == candidate.Manifest.Version)
        {
            return Outcome(true, $"{current.Version} is already current.", candidateF1, current.Version, candidateF1, forced: false, current, set, rejected);
        }

        double? currentF1;
        string? unusable = null;
        try
        {
            ModelPackage package = await _registry.DownloadModelAsync(current.Version, cancellationToken).ConfigureAwait(false);
            using OnnxClassifier currentClassifier = OnnxClassifier.Load(package.OnnxModel, package.Manifest);
            currentF1 = EvaluationSetScorer.Score(currentClassifier, set, cancellationToken).Metrics?.Macro.F1;
        }
        catch (Exception ex) when (ex is ModelIntegrityException or ModelNotFoundException or ModelLoadException)
        {
            currentF1 = null;
            unusable = ex.Message;
        }

        string candidateText = F(candidateF1);
        if (unusable is not null || currentF1 is null)
        {
            string why = unusable ?? "it could not score any evaluation image";
            return Outcome(true, $"the current model {current.Version} cannot be scored ({why}); the candidate ({candidateText}) replaces it.",
                candidateF1, current.Version, null, forced: false, current, set, rejected);
        }

        string comparison = $"candidate macro-F1 {candidateText} vs current {current.Version} {F(currentF1.Value)} on {set.Description}";
        if (candidateF1 >= currentF1.Value)
        {
            return Outcome(true, $"{comparison}: at least as good.", candidateF1, current.Version, currentF1, forced: false, current, set, rejected);
        }

        return force
            ? Outcome(true, $"{comparison}: worse, promoted anyway because --force was given.", candidateF1, current.Version, currentF1, forced: true, current, set, rejected)
            : Outcome(false, $"{comparison}: worse, so it stays published but not current (use --force to override).",
                candidateF1, current.Version, currentF1, forced: false, current, set, rejected);
    }

    /// <summary>
    /// The decision when no labelled image is left to score on (the run trained on everything and the evaluation
    /// container is empty): the first model becomes current, as nothing serves yet; a later one only with <paramref name="force"/>,
    /// because replacing a model nobody can compare it with would be a blind swap.
    /// </summary>
    public async Task<GateOutcome> DecideWithoutEvaluationAsync(string evaluationContainer, bool force, CancellationToken cancellationToken)
    {
        CurrentModel? current = await _registry.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        string description = $"no labelled images (container '{evaluationContainer}' is empty and the run held none out)";
        var set = new EvaluationSet(description, [], []);
        if (current is null)
        {
            return Outcome(true, "no model is current yet, so the first published model becomes current (there were no labelled images to score it on).",
                null, null, null, forced: false, current, set, []);
        }

        string reason = $"there are no labelled images to compare it with {current.Version} on: upload some to '{evaluationContainer}'";
        return force
            ? Outcome(true, $"{reason}; promoted anyway because --force was given.", null, current.Version, null, forced: true, current, set, [])
            : Outcome(false, $"{reason}, or use --force. It stays published but not current.", null, current.Version, null, forced: false, current, set, []);
    }

    private GateOutcome Outcome(bool promoted, string reason, double? candidateF1, string? currentVersion, double? currentF1, bool forced,
        CurrentModel? current, EvaluationSet set, IReadOnlyList<SkippedFile> rejected) =>
        new(new PromotionDecision(promoted, reason, candidateF1, currentVersion, currentF1, forced, _time.GetUtcNow()), current?.ETag, set.Description, rejected);

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
