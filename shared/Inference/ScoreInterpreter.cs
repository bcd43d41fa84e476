using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Inference;

/// <summary>Turns a row of sigmoid scores into a <see cref="Prediction"/> with the manifest's thresholds and groups.</summary>
internal sealed class ScoreInterpreter
{
    private readonly ModelManifest _manifest;
    private readonly string[] _labels;
    private readonly float[] _thresholds;
    private readonly (string Name, int[] Indices)[] _groups;

    /// <exception cref="ModelLoadException">The manifest's thresholds or groups do not fit its labels.</exception>
    public ScoreInterpreter(ModelManifest manifest)
    {
        _manifest = manifest;
        _labels = [.. manifest.Labels];
        if (_labels.Length == 0 || _labels.Distinct(StringComparer.Ordinal).Count() != _labels.Length)
        {
            throw Invalid("its labels must be a non-empty list without duplicates.");
        }

        var index = _labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        _thresholds = [.. _labels.Select(label => manifest.Thresholds.TryGetValue(label, out float threshold) && float.IsFinite(threshold)
            ? threshold
            : throw Invalid($"the label '{label}' has no finite threshold."))];
        _groups = [.. manifest.Groups.Select(group => group.Value.Count == 0
            ? throw Invalid($"the group '{group.Key}' has no labels.")
            : (group.Key, group.Value.Select(label => index.TryGetValue(label, out int i)
                ? i
                : throw Invalid($"the group '{group.Key}' names '{label}', which is not one of the labels.")).ToArray()))];
    }

    public int LabelCount => _labels.Length;

    public Prediction Interpret(ReadOnlySpan<float> scores)
    {
        var byLabel = new OrderedDictionary<string, float>(_labels.Length, StringComparer.Ordinal);
        var predicted = new List<string>(_labels.Length);
        for (int i = 0; i < _labels.Length; i++)
        {
            byLabel.Add(_labels[i], scores[i]);
            if (scores[i] >= _thresholds[i])
            {
                predicted.Add(_labels[i]);
            }
        }

        var groups = new OrderedDictionary<string, GroupPrediction>(_groups.Length, StringComparer.Ordinal);
        foreach ((string name, int[] indices) in _groups)
        {
            // Ties go to the first label in label order, so equal scores always give the same answer.
            int best = indices[0];
            foreach (int i in indices)
            {
                if (scores[i] > scores[best])
                {
                    best = i;
                }
            }

            groups.Add(name, new GroupPrediction(_labels[best], scores[best]));
        }

        return new Prediction(_manifest.Version, _manifest.Sha256, byLabel, predicted, groups);
    }

    private ModelLoadException Invalid(string reason) =>
        new(ModelLoadFailure.InvalidManifest, _manifest.Version, $"the manifest is inconsistent: {reason}");
}
