using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// The half of the evaluation engine that turns one model's scores into metrics: rows of 0/1 targets and sigmoid
/// scores, decided by the model's own rule (<see cref="LabelDecider"/>). The engine feeds it ONNX scores; training feeds
/// it TorchSharp's, with the rule it records in the manifest; so every figure of a model is decided the same way.
/// Memory depends only on the number of labels. Not thread-safe.
/// </summary>
public sealed class ScoreTally
{
    private readonly MultiLabelMetricsAccumulator _accumulator;

    public ScoreTally(LabelDecider decider)
    {
        Decider = decider ?? throw new ArgumentNullException(nameof(decider));
        _accumulator = new MultiLabelMetricsAccumulator(decider);
    }

    public LabelDecider Decider { get; }

    /// <summary>Images added.</summary>
    public long Count => _accumulator.SampleCount;

    /// <summary>Images in which a group's best score fell below the model's floor for it.</summary>
    public long Uncertain => _accumulator.UncertainCount;

    /// <summary>A tally deciding with <paramref name="manifest"/>'s rule.</summary>
    /// <exception cref="InvalidDataException">The manifest's rule does not fit its labels, or (a manifest without a rule) a label has no threshold.</exception>
    public static ScoreTally For(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            return new ScoreTally(LabelDecider.FromManifest(manifest));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"The manifest of model {manifest.Version} cannot decide labels: {ex.Message}", ex);
        }
    }

    /// <summary>The metrics of <paramref name="scores"/> against <paramref name="targets"/> (one row per image); null when there are none.</summary>
    public static MultiLabelMetrics? Measure(LabelDecider decider, IReadOnlyList<float[]> targets, IReadOnlyList<float[]> scores)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(scores);
        if (targets.Count != scores.Count)
        {
            throw new ArgumentException($"{targets.Count} target rows but {scores.Count} score rows.", nameof(scores));
        }

        var tally = new ScoreTally(decider);
        for (int row = 0; row < scores.Count; row++)
        {
            tally.Add(targets[row], scores[row]);
        }

        return tally.ToMetrics();
    }

    /// <summary>Adds images as row-major <c>[N, L]</c> targets and scores in the decider's label order.</summary>
    /// <exception cref="ArgumentException">Shapes differ, a target is not 0 or 1, or a score is NaN.</exception>
    public void Add(ReadOnlySpan<float> targets, ReadOnlySpan<float> scores) => _accumulator.AddScores(targets, scores);

    /// <summary>The metrics so far; null when nothing was added.</summary>
    public MultiLabelMetrics? ToMetrics() => _accumulator.SampleCount == 0 ? null : _accumulator.ToMetrics();
}
