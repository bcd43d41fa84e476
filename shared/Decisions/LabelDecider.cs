using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Decisions;

/// <summary>
/// Applies a model's decision rule to a row of sigmoid scores. The one implementation used by training's metrics, the
/// evaluation engine and serving, so the three cannot disagree on the same scores. Immutable and thread-safe.
/// </summary>
public sealed class LabelDecider
{
    private readonly float[] _thresholds;
    private readonly int[][] _groupMembers;
    private readonly float[] _floors;

    /// <param name="labels">Labels in score order.</param>
    /// <param name="groups">Exclusive label groups (for <see cref="DecisionRuleKind.GroupArgmax"/>, every label must be in exactly one).</param>
    /// <param name="rule">The rule and its floors.</param>
    /// <param name="thresholds">Per-label thresholds in label order; required for <see cref="DecisionRuleKind.Thresholds"/>.</param>
    /// <exception cref="ArgumentException">The rule does not fit the labels and groups.</exception>
    public LabelDecider(IReadOnlyList<string> labels, IReadOnlyList<LabelGroup> groups, DecisionRule rule, IReadOnlyList<float>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(rule);
        Labels = [.. labels];
        Groups = [.. groups];
        Rule = rule;
        var index = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        _groupMembers = [.. groups.Select(g => g.Labels.Count == 0
            ? throw new ArgumentException($"The group '{g.Name}' has no labels.", nameof(groups))
            : g.Labels.Select(label => index.TryGetValue(label, out int i)
                ? i
                : throw new ArgumentException($"The group '{g.Name}' names '{label}', which is not one of the labels.", nameof(groups))).ToArray())];
        if (rule.Rule == DecisionRuleKind.Thresholds)
        {
            if (thresholds is null || thresholds.Count != labels.Count || thresholds.Any(t => !float.IsFinite(t)))
            {
                throw new ArgumentException($"The thresholds rule needs one finite threshold for each of the {labels.Count} labels.", nameof(thresholds));
            }

            _thresholds = [.. thresholds];
            _floors = [];
            return;
        }

        int[] memberships = new int[labels.Count];
        foreach (int member in _groupMembers.SelectMany(m => m))
        {
            memberships[member]++;
        }

        int stray = Array.FindIndex(memberships, count => count != 1);
        if (stray >= 0)
        {
            throw new ArgumentException(
                $"The groupArgmax rule needs every label in exactly one group; '{labels[stray]}' is in {memberships[stray]}.", nameof(groups));
        }

        string? unknown = rule.Floors.Keys.FirstOrDefault(name => !groups.Any(g => g.Name == name));
        if (unknown is not null)
        {
            throw new ArgumentException($"A floor is given for '{unknown}', which is not one of the groups.", nameof(rule));
        }

        _floors = [.. groups.Select(g => rule.Floors.TryGetValue(g.Name, out float floor)
            ? (floor is >= 0 and < 1 ? floor : throw new ArgumentException($"The floor of '{g.Name}' is {floor}; it must be in [0, 1).", nameof(rule)))
            : 0f)];
        _thresholds = [];
    }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<LabelGroup> Groups { get; }

    public DecisionRule Rule { get; }

    /// <summary>The rule a manifest records; a manifest without one (made before the rule was recorded) decides by its thresholds.</summary>
    /// <exception cref="ArgumentException">The manifest's rule, thresholds or groups are inconsistent.</exception>
    public static LabelDecider FromManifest(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        LabelGroup[] groups = [.. manifest.Groups.Select(g => new LabelGroup(g.Key, g.Value))];
        DecisionRule rule = manifest.Decision ?? new DecisionRule { Rule = DecisionRuleKind.Thresholds };
        float[]? thresholds = rule.Rule == DecisionRuleKind.Thresholds
            ? [.. manifest.Labels.Select(label => manifest.Thresholds.TryGetValue(label, out float t)
                ? t
                : throw new ArgumentException($"The label '{label}' has no threshold."))]
            : null;
        return new LabelDecider(manifest.Labels, groups, rule, thresholds);
    }

    /// <summary>Group argmax without floors over a schema's groups: the rule training measures with before floors are calibrated.</summary>
    public static LabelDecider GroupArgmax(LabelSchema schema, IReadOnlyDictionary<string, float>? floors = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new LabelDecider(schema.Labels, schema.Groups, new DecisionRule
        {
            Rule = DecisionRuleKind.GroupArgmax,
            Floors = floors ?? new Dictionary<string, float>(StringComparer.Ordinal),
        });
    }

    /// <summary>Writes the predicted labels of one image into <paramref name="predicted"/> (label order).</summary>
    /// <exception cref="ArgumentException">The spans do not have one entry per label, or a score is NaN.</exception>
    public LabelDecision Decide(ReadOnlySpan<float> scores, Span<bool> predicted)
    {
        if (scores.Length != Labels.Count || predicted.Length != Labels.Count)
        {
            throw new ArgumentException($"Expected {Labels.Count} scores and decisions; got {scores.Length} and {predicted.Length}.", nameof(scores));
        }

        foreach (float score in scores)
        {
            if (float.IsNaN(score))
            {
                throw new ArgumentException("A score is NaN.", nameof(scores));
            }
        }

        if (Rule.Rule == DecisionRuleKind.Thresholds)
        {
            for (int l = 0; l < scores.Length; l++)
            {
                predicted[l] = scores[l] >= _thresholds[l];
            }

            return new LabelDecision([]);
        }

        predicted.Clear();
        List<int>? uncertain = null;
        for (int g = 0; g < _groupMembers.Length; g++)
        {
            int best = BestOf(_groupMembers[g], scores);
            if (scores[best] < _floors[g])
            {
                (uncertain ??= []).Add(g);
            }
            else
            {
                predicted[best] = true;
            }
        }

        return new LabelDecision(uncertain is null ? [] : uncertain);
    }

    /// <summary>The group's highest-scoring label (its index in label order); ties go to the first in label order.</summary>
    public int BestOf(int group, ReadOnlySpan<float> scores) => BestOf(_groupMembers[group], scores);

    private static int BestOf(int[] members, ReadOnlySpan<float> scores)
    {
        int best = members[0];
        foreach (int i in members)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
