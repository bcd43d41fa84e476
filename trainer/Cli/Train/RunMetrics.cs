using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>Scores held by the trainer (sigmoid, one row per image) turned into the shared metrics at the chosen thresholds.</summary>
internal static class RunMetrics
{
    /// <returns>Null when there are no rows (for example no test split).</returns>
    public static MultiLabelMetrics? Compute(LabelSchema schema, float[] thresholds, float[][] scores, float[][] targets)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(targets);
        if (scores.Length == 0)
        {
            return null;
        }

        var accumulator = new MultiLabelMetricsAccumulator(schema, thresholds);
        accumulator.AddScores(targets.SelectMany(r => r).ToArray(), scores.SelectMany(r => r).ToArray());
        return accumulator.ToMetrics();
    }
}
