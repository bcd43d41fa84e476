using System.Globalization;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>
/// What a run with held-out images can say beyond its metrics, to choose the recipe's serving options on data: the
/// held-out macro-F1 with flip averaging the other way than this run serves it, and how far down each group's best
/// score goes on photos of the label set (what an uncertainty floor would cost).
/// </summary>
internal static class HeldOutDiagnostics
{
    private static readonly double[] Quantiles = [0.005, 0.01, 0.02, 0.05];

    /// <returns>Lines to print, or none when the run held nothing out.</returns>
    public static IReadOnlyList<string> Describe(TrainingResult result, LabelledImageSet data, DatasetSplit split, LabelDecider decider, bool flipAverage, int batchSize)
    {
        (int[] rows, float[][] scores, float[][] targets, string which) = split.Test.Length > 0
            ? (split.Test, result.TestScores, result.TestTargets, "test")
            : (split.Validation, result.ValidationScores, result.ValidationTargets, "validation");
        if (rows.Length == 0)
        {
            return [];
        }

        MultiLabelMetrics served = ModelScoring.Measure(decider, targets, scores);
        float[][] otherScores = ModelScoring.Evaluate(result.Model, data.Images, data.Targets, rows, batchSize, !flipAverage).Scores;
        MultiLabelMetrics other = ModelScoring.Measure(decider, targets, otherScores);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{which} split with flip averaging {(flipAverage ? "on (served)" : "off (served)")}: macro-F1 {served.Macro.F1:0.0000}, exact match {served.ExactMatch:0.0000}; "
                + $"{(flipAverage ? "off" : "on")}: macro-F1 {other.Macro.F1:0.0000}, exact match {other.ExactMatch:0.0000}."),
        };
        if (result.LastStepHeldOutScores is { } lastStep)
        {
            MultiLabelMetrics withoutAverage = ModelScoring.Measure(decider, targets, lastStep);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{which} split with weight averaging on (served): macro-F1 {served.Macro.F1:0.0000}, exact match {served.ExactMatch:0.0000}; "
                + $"last step's weights: macro-F1 {withoutAverage.Macro.F1:0.0000}, exact match {withoutAverage.ExactMatch:0.0000}."));
        }

        for (int g = 0; g < decider.Groups.Count; g++)
        {
            float[] best = [.. scores.Select(row => row[decider.BestOf(g, row)]).Order()];
            IEnumerable<string> below = Quantiles.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q:0.0%} of images below {best[(int)Math.Floor(q * (best.Length - 1))]:0.000}"));
            lines.Add($"{which} split, best {decider.Groups[g].Name} score: {string.Join(", ", below)}");
        }

        return lines;
    }
}
