using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Labels;

namespace FashionServerless.Shared.Metrics;

/// <summary>
/// Accumulates multi-label predictions batch by batch into <see cref="MultiLabelMetrics"/>, in memory that depends only
/// on the number of labels (per-label counts, running per-sample sums, group matrices), so a container of any size can
/// be evaluated. Not thread-safe: use one per thread and <see cref="Merge"/> them.
/// </summary>
public sealed class MultiLabelMetricsAccumulator
{
    private readonly string[] _labels;
    private readonly LabelDecider _decider;
    private readonly GroupConfusionAccumulator[] _groups;
    private readonly long[] _tp;
    private readonly long[] _fp;
    private readonly long[] _fn;
    private readonly long[] _tn;
    private double _samplePrecisionSum;
    private double _sampleRecallSum;
    private double _sampleF1Sum;
    private long _exactMatches;
    private long _uncertain;

    /// <param name="labels">Label names in output order.</param>
    /// <param name="thresholds">Per-label decision thresholds for score input (a label is predicted when its score is at least its threshold); null means 0.5 each.</param>
    /// <param name="groups">Groups of exclusive labels for the group confusion matrices; null means none.</param>
    public MultiLabelMetricsAccumulator(IReadOnlyList<string> labels, IReadOnlyList<float>? thresholds = null, IReadOnlyList<LabelGroup>? groups = null)
        : this(new LabelDecider(
            labels ?? throw new ArgumentNullException(nameof(labels)),
            groups ?? [],
            new DecisionRule { Rule = DecisionRuleKind.Thresholds },
            thresholds ?? [.. Enumerable.Repeat(0.5f, labels.Count)]))
    {
    }

    /// <summary>Uses the schema's labels and groups, deciding by thresholds.</summary>
    public MultiLabelMetricsAccumulator(LabelSchema schema, IReadOnlyList<float>? thresholds = null)
        : this((schema ?? throw new ArgumentNullException(nameof(schema))).Labels, thresholds, schema.Groups)
    {
    }

    /// <summary>Decides score input with <paramref name="decider"/> (the model's own rule) and fills one confusion matrix per group.</summary>
    public MultiLabelMetricsAccumulator(LabelDecider decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (decider.Labels.Count == 0)
        {
            throw new ArgumentException("Metrics need at least one label.", nameof(decider));
        }

        _decider = decider;
        _labels = [.. decider.Labels];
        var indexByLabel = _labels.Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal);
        _groups = [.. decider.Groups.Select(g => new GroupConfusionAccumulator(g, [.. g.Labels.Select(label => indexByLabel[label])]))];
        _tp = new long[_labels.Length];
        _fp = new long[_labels.Length];
        _fn = new long[_labels.Length];
        _tn = new long[_labels.Length];
    }

    public IReadOnlyList<string> Labels => _labels;

    public long SampleCount { get; private set; }

    /// <summary>Samples (score input only) in which a group's best score fell below its floor.</summary>
    public long UncertainCount => _uncertain;

    /// <summary>Adds samples as row-major <c>[N, L]</c> targets (0 or 1) and scores; predictions come from the decision rule.</summary>
    /// <exception cref="ArgumentException">Shapes differ, a target is not 0 or 1, or a score is NaN.</exception>
    public void AddScores(ReadOnlySpan<float> targets, ReadOnlySpan<float> scores)
    {
        int labelCount = _labels.Length;
        if (targets.Length != scores.Length || targets.Length % labelCount != 0)
        {
            throw new ArgumentException($"Targets ({targets.Length}) and scores ({scores.Length}) must both be [N, {labelCount}].", nameof(scores));
        }

        Span<bool> truth = labelCount <= 256 ? stackalloc bool[labelCount] : new bool[labelCount];
        Span<bool> predicted = labelCount <= 256 ? stackalloc bool[labelCount] : new bool[labelCount];
        for (int start = 0; start < targets.Length; start += labelCount)
        {
            ReadOnlySpan<float> sampleScores = scores.Slice(start, labelCount);
            for (int l = 0; l < labelCount; l++)
            {
                float target = targets[start + l];
                truth[l] = target switch
                {
                    1f => true,
                    0f => false,
                    _ => throw new ArgumentException($"Target {target} for label '{_labels[l]}' in sample {SampleCount} is not 0 or 1.", nameof(targets)),
                };
                if (float.IsNaN(sampleScores[l]))
                {
                    throw new ArgumentException($"Score for label '{_labels[l]}' in sample {SampleCount} is NaN.", nameof(scores));
                }
            }

            _uncertain += _decider.Decide(sampleScores, predicted).IsUncertain ? 1 : 0;

            foreach (GroupConfusionAccumulator group in _groups)
            {
                group.Add(truth, sampleScores);
            }

            AddDecisions(truth, predicted);
        }
    }

    /// <summary>Adds one sample's true and predicted label sets. Without scores it cannot enter the group matrices, where it counts as excluded.</summary>
    public void AddPredictions(ReadOnlySpan<bool> truth, ReadOnlySpan<bool> predicted)
    {
        if (truth.Length != _labels.Length || predicted.Length != _labels.Length)
        {
            throw new ArgumentException($"Truth ({truth.Length}) and predictions ({predicted.Length}) must have {_labels.Length} labels.", nameof(predicted));
        }

        foreach (GroupConfusionAccumulator group in _groups)
        {
            group.AddExcluded();
        }

        AddDecisions(truth, predicted);
    }

    /// <summary>Adds <c>[N, L]</c> true and predicted label sets.</summary>
    public void AddPredictions(bool[,] truth, bool[,] predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.GetLength(0) != predicted.GetLength(0) || truth.GetLength(1) != _labels.Length || predicted.GetLength(1) != _labels.Length)
        {
            throw new ArgumentException($"Truth and predictions must both be [N, {_labels.Length}].", nameof(predicted));
        }

        var truthRow = new bool[_labels.Length];
        var predictedRow = new bool[_labels.Length];
        for (int n = 0; n < truth.GetLength(0); n++)
        {
            for (int l = 0; l < _labels.Length; l++)
            {
                truthRow[l] = truth[n, l];
                predictedRow[l] = predicted[n, l];
            }

            AddPredictions(truthRow, predictedRow);
        }
    }

    /// <summary>Adds everything <paramref name="other"/> (same labels and groups) has accumulated.</summary>
    public void Merge(MultiLabelMetricsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!other._labels.SequenceEqual(_labels, StringComparer.Ordinal) || other._groups.Length != _groups.Length
            || !other._groups.Zip(_groups).All(p => p.First.HasSameLabels(p.Second)))
        {
            throw new ArgumentException("Only accumulators with the same labels and groups can be merged.", nameof(other));
        }

        for (int l = 0; l < _labels.Length; l++)
        {
            _tp[l] += other._tp[l];
            _fp[l] += other._fp[l];
            _fn[l] += other._fn[l];
            _tn[l] += other._tn[l];
        }

        for (int g = 0; g < _groups.Length; g++)
        {
            _groups[g].Merge(other._groups[g]);
        }

        _samplePrecisionSum += other._samplePrecisionSum;
        _sampleRecallSum += other._sampleRecallSum;
        _sampleF1Sum += other._sampleF1Sum;
        _exactMatches += other._exactMatches;
        _uncertain += other._uncertain;
        SampleCount += other.SampleCount;
    }

    /// <summary>The metrics of everything added so far.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public MultiLabelMetrics ToMetrics()
    {
        if (SampleCount == 0)
        {
            throw new InvalidOperationException("No samples were added; there is nothing to evaluate.");
        }

        long support = _tp.Sum() + _fn.Sum();
        return MultiLabelMetrics.FromLabelCounts(
            _labels.Select((label, l) => new LabelCounts(label, _tn[l], _fp[l], _fn[l], _tp[l])),
            new AveragedScores(_samplePrecisionSum / SampleCount, _sampleRecallSum / SampleCount, _sampleF1Sum / SampleCount, support),
            (double)_exactMatches / SampleCount,
            [.. _groups.Select(group => group.ToMatrix())]);
    }

    private void AddDecisions(ReadOnlySpan<bool> truth, ReadOnlySpan<bool> predicted)
    {
        int both = 0, trueCount = 0, predictedCount = 0;
        for (int l = 0; l < truth.Length; l++)
        {
            bool t = truth[l], p = predicted[l];
            if (t && p)
            {
                _tp[l]++;
            }
            else if (p)
            {
                _fp[l]++;
            }
            else if (t)
            {
                _fn[l]++;
            }
            else
            {
                _tn[l]++;
            }

            both += t && p ? 1 : 0;
            trueCount += t ? 1 : 0;
            predictedCount += p ? 1 : 0;
        }

        _samplePrecisionSum += MetricsMath.Divide(both, predictedCount);
        _sampleRecallSum += MetricsMath.Divide(both, trueCount);
        _sampleF1Sum += MetricsMath.Divide(2.0 * both, trueCount + predictedCount);
        _exactMatches += both == trueCount && both == predictedCount ? 1 : 0;
        SampleCount++;
    }
}
