using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Inference;

/// <summary>Turns a row of sigmoid scores into a <see cref="Prediction"/> with the manifest's decision rule.</summary>
internal sealed class ScoreInterpreter
{
    private readonly ModelManifest _manifest;
    private readonly LabelDecider _decider;

    /// <exception cref="ModelLoadException">The manifest's labels, groups, rule or thresholds do not fit together.</exception>
    public ScoreInterpreter(ModelManifest manifest)
    {
        _manifest = manifest;
        string[] labels = [.. manifest.Labels];
        if (labels.Length == 0 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
        {
            throw Invalid("its labels must be a non-empty list without duplicates.");
        }

        try
        {
            _decider = LabelDecider.FromManifest(manifest);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    public int LabelCount => _decider.Labels.Count;

    public Prediction Interpret(ReadOnlySpan<float> scores)
    {
        IReadOnlyList<string> labels = _decider.Labels;
        Span<bool> predicted = stackalloc bool[labels.Count];
        LabelDecision decision = _decider.Decide(scores, predicted);
        var byLabel = new OrderedDictionary<string, float>(labels.Count, StringComparer.Ordinal);
        var chosen = new List<string>(labels.Count);
        for (int i = 0; i < labels.Count; i++)
        {
            byLabel.Add(labels[i], scores[i]);
            if (predicted[i])
            {
                chosen.Add(labels[i]);
            }
        }

        var groups = new OrderedDictionary<string, GroupPrediction>(_decider.Groups.Count, StringComparer.Ordinal);
        for (int g = 0; g < _decider.Groups.Count; g++)
        {
            int best = _decider.BestOf(g, scores);
            groups.Add(_decider.Groups[g].Name, new GroupPrediction(labels[best], scores[best], decision.UncertainGroups.Contains(g)));
        }

        return new Prediction(_manifest.Version, _manifest.Sha256, byLabel, chosen, groups);
    }

    private ModelLoadException Invalid(string reason) =>
        new(ModelLoadFailure.InvalidManifest, _manifest.Version, $"the manifest is inconsistent: {reason}");
}
