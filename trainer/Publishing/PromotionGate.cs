using System.Globalization;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Trainer.Publishing;

/// <summary>
/// Decides whether a candidate may become current: its macro-F1 on the evaluation images must be at least the current
/// model's on the same images, both scored now, in one pass, by the evaluation engine that serves <c>evaluate</c> and
/// the timer (a figure from another day or another set would not be comparable). <c>force</c> promotes regardless,
/// and says so.
/// </summary>
internal sealed class PromotionGate(ModelRegistry registry, EvaluationOptions options, TimeProvider? time = null)
{
    private readonly ModelRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));
    private readonly EvaluationOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <exception cref="InvalidDataException">The candidate could not be scored on a single image.</exception>
    public async Task<GateOutcome> DecideAsync(OnnxClassifier candidate, IEvaluationImageSource images, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        return await TryDecideAsync(candidate, images, force, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The candidate could not be scored on any image of {images.Description}; the gate cannot decide.");
    }

    /// <summary>The decision on <paramref name="images"/>, or null when the candidate could not be scored on any of them.</summary>
    public async Task<GateOutcome?> TryDecideAsync(OnnxClassifier candidate, IEvaluationImageSource images, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(images);
        CurrentModel? current = await _registry.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        bool compare = current is not null && current.Version != candidate.Manifest.Version;
        (OnnxClassifier? currentClassifier, string? unusable) = compare ? await LoadAsync(current!.Version, cancellationToken).ConfigureAwait(false) : (null, null);
        using (currentClassifier)
        {
            OnnxClassifier[] models = currentClassifier is null ? [candidate] : [candidate, currentClassifier];
            LabelledSetEvaluation scored = await new LabelledSetEvaluator(models, _options).EvaluateAsync(images, cancellationToken).ConfigureAwait(false);
            ModelEvaluation mine = scored.Models[0];
            if (mine.Metrics is not { } metrics)
            {
                return null;
            }

            var facts = new Facts(metrics.Macro.F1, current, images.Description, mine);
            if (current is null)
            {
                return Outcome(true, "no model is current yet, so the first published model becomes current.", facts, null, null, forced: false);
            }

            if (!compare)
            {
                return Outcome(true, $"{current.Version} is already current.", facts, current.Version, facts.CandidateF1, forced: false);
            }

            double? currentF1 = unusable is null ? scored.Models[1].Metrics?.Macro.F1 : null;
            string candidateText = F(facts.CandidateF1);
            if (currentF1 is not double theirs)
            {
                string why = unusable ?? "it could not be scored on any evaluation image";
                return Outcome(true, $"the current model {current.Version} cannot be scored ({why}); the candidate ({candidateText}) replaces it.",
                    facts, current.Version, null, forced: false);
            }

            string comparison = $"candidate macro-F1 {candidateText} vs current {current.Version} {F(theirs)} on {images.Description}";
            if (facts.CandidateF1 >= theirs)
            {
                return Outcome(true, $"{comparison}: at least as good.", facts, current.Version, theirs, forced: false);
            }

            return force
                ? Outcome(true, $"{comparison}: worse, promoted anyway because --force was given.", facts, current.Version, theirs, forced: true)
                : Outcome(false, $"{comparison}: worse, so it stays published but not current (use --force to override).", facts, current.Version, theirs, forced: false);
        }
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
        var facts = new Facts(null, current, description, null);
        if (current is null)
        {
            return Outcome(true, "no model is current yet, so the first published model becomes current (there were no labelled images to score it on).",
                facts, null, null, forced: false);
        }

        string reason = $"there are no labelled images to compare it with {current.Version} on: upload some to '{evaluationContainer}'";
        return force
            ? Outcome(true, $"{reason}; promoted anyway because --force was given.", facts, current.Version, null, forced: true)
            : Outcome(false, $"{reason}, or use --force. It stays published but not current.", facts, current.Version, null, forced: false);
    }

    private async Task<(OnnxClassifier? Classifier, string? Unusable)> LoadAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            ModelPackage package = await _registry.DownloadModelAsync(version, cancellationToken).ConfigureAwait(false);
            return (OnnxClassifier.Load(package.OnnxModel, package.Manifest), null);
        }
        catch (Exception ex) when (ex is ModelIntegrityException or ModelNotFoundException or ModelLoadException)
        {
            return (null, ex.Message);
        }
    }

    private GateOutcome Outcome(bool promoted, string reason, Facts facts, string? currentVersion, double? currentF1, bool forced) =>
        new(new PromotionDecision(promoted, reason, facts.CandidateF1, currentVersion, currentF1, forced, _time.GetUtcNow()),
            facts.Current?.ETag, facts.Description, facts.Candidate?.Metrics, facts.Candidate?.Skipped ?? []);

    private static string F(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "none";

    private sealed record Facts(double? CandidateF1, CurrentModel? Current, string Description, ModelEvaluation? Candidate);
}
