using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>Scores held by the trainer (sigmoid, one row per image) turned into the shared metrics with the model's decision rule.</summary>
internal static class RunMetrics
{
    /// <returns>Null when there are no rows (for example no test split).</returns>
    public static MultiLabelMetrics? Compute(LabelDecider decider, float[][] scores, float[][] targets)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(targets);
        return scores.Length == 0 ? null : ModelScoring.Measure(decider, targets, scores);
    }
}
