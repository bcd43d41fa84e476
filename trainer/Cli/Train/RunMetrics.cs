using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>
/// Scores held by the trainer (TorchSharp sigmoid outputs, one row per image) turned into the shared metrics by the
/// evaluation engine's <see cref="ScoreTally"/>, with the decision rule the run records in the manifest: the figures the
/// gate, <c>evaluate</c> and the timer produce from ONNX scores of the same images, up to float noise in the scores.
/// </summary>
internal static class RunMetrics
{
    /// <returns>Null when there are no rows (for example no test split).</returns>
    public static MultiLabelMetrics? Compute(LabelDecider decider, float[][] scores, float[][] targets)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(targets);
        return ScoreTally.Measure(decider, targets, scores);
    }
}
