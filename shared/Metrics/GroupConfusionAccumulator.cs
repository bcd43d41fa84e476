using FashionServerless.Shared.Labels;

namespace FashionServerless.Shared.Metrics;

/// <summary>Counts one group's (true label, best-scoring label) pairs for <see cref="GroupConfusionMatrix"/>.</summary>
internal sealed class GroupConfusionAccumulator
{
    private readonly LabelGroup _group;
    private readonly int[] _memberIndexes;
    private readonly long[][] _counts;
    private long _excluded;

    /// <param name="group">The group.</param>
    /// <param name="memberIndexes">Where each of the group's labels sits in a sample's label vector.</param>
    public GroupConfusionAccumulator(LabelGroup group, int[] memberIndexes)
    {
        _group = group;
        _memberIndexes = memberIndexes;
        _counts = [.. memberIndexes.Select(_ => new long[memberIndexes.Length])];
    }

    public void Add(ReadOnlySpan<bool> truth, ReadOnlySpan<float> scores)
    {
        int trueMember = -1, best = 0;
        bool single = true;
        for (int m = 0; m < _memberIndexes.Length; m++)
        {
            if (truth[_memberIndexes[m]])
            {
                single &= trueMember < 0;
                trueMember = m;
            }

            // Strictly greater: ties go to the first label, as numpy's argmax does.
            if (scores[_memberIndexes[m]] > scores[_memberIndexes[best]])
            {
                best = m;
            }
        }

        if (trueMember < 0 || !single)
        {
            _excluded++;
        }
        else
        {
            _counts[trueMember][best]++;
        }
    }

    /// <summary>Counts a sample that cannot be placed (it came without scores).</summary>
    public void AddExcluded() => _excluded++;

    public bool HasSameLabels(GroupConfusionAccumulator other) =>
        string.Equals(_group.Name, other._group.Name, StringComparison.Ordinal) && _group.Labels.SequenceEqual(other._group.Labels, StringComparer.Ordinal);

    public void Merge(GroupConfusionAccumulator other)
    {
        _excluded += other._excluded;
        for (int t = 0; t < _counts.Length; t++)
        {
            for (int p = 0; p < _counts[t].Length; p++)
            {
                _counts[t][p] += other._counts[t][p];
            }
        }
    }

    public GroupConfusionMatrix ToMatrix() => new(_group.Name, [.. _group.Labels], [.. _counts.Select(row => row.ToArray())], _excluded);
}
