using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Tests.Metrics;

public sealed class MultiLabelMetricsAccumulatorTests
{
    // Labels a, b, c. Sample 3 has no true and no predicted labels (zero division for its sample scores).
    private static readonly bool[,] HandTruth = { { true, false, true }, { false, true, false }, { true, true, false }, { false, false, false } };
    private static readonly bool[,] HandPredicted = { { true, false, false }, { false, true, false }, { false, true, true }, { false, false, false } };

    internal static MultiLabelMetricsAccumulator HandCase()
    {
        var accumulator = new MultiLabelMetricsAccumulator(["a", "b", "c"]);
        accumulator.AddPredictions(HandTruth, HandPredicted);
        return accumulator;
    }

    [Fact]
    public void ToMetrics_HandCase_PerLabelCountsAndScores()
    {
        MultiLabelMetrics metrics = HandCase().ToMetrics();

        Assert.Equal(new LabelMetrics("a", 2, 0, 1, 1, 1, 0.5, 2.0 / 3, 2), metrics.PerLabel[0]);
        Assert.Equal(new LabelMetrics("b", 2, 0, 0, 2, 1, 1, 1, 2), metrics.PerLabel[1]);
        Assert.Equal(new LabelMetrics("c", 2, 1, 1, 0, 0, 0, 0, 1), metrics.PerLabel[2]);
    }

    [Fact]
    public void ToMetrics_HandCase_MicroMacroWeightedAverages()
    {
        MultiLabelMetrics metrics = HandCase().ToMetrics();

        AssertScores(metrics.Micro, 0.75, 0.6, 6.0 / 9, 5);
        AssertScores(metrics.Macro, 2.0 / 3, 0.5, 5.0 / 9, 5);
        AssertScores(metrics.Weighted, 0.8, 0.6, 2.0 / 3, 5);
    }

    [Fact]
    public void ToMetrics_HandCase_SamplesAverageCountsEmptySampleAsZero()
    {
        // Per sample (P, R, F1): (1, 1/2, 2/3), (1, 1, 1), (1/2, 1/2, 1/2), (0, 0, 0) with zero_division=0.
        MultiLabelMetrics metrics = HandCase().ToMetrics();

        Assert.NotNull(metrics.SamplesAverage);
        AssertScores(metrics.SamplesAverage, 0.625, 0.5, (2.0 / 3 + 1.5) / 4, 5);
    }

    [Fact]
    public void ToMetrics_HandCase_ExactMatchAndHammingLoss()
    {
        MultiLabelMetrics metrics = HandCase().ToMetrics();

        Assert.Equal(0.5, metrics.ExactMatch); // samples 1 and 3 (empty equals empty)
        Assert.Equal(3.0 / 12, metrics.HammingLoss);
        Assert.Equal(4, metrics.SampleCount);
    }

    [Fact]
    public void AddScores_ThresholdsPerLabel_PredictAtOrAboveThreshold()
    {
        var accumulator = new MultiLabelMetricsAccumulator(["a", "b"], thresholds: [0.3f, 0.8f]);

        accumulator.AddScores([1, 1, 0, 0], [0.3f, 0.79f, 0.29f, 0.8f]);

        MultiLabelMetrics metrics = accumulator.ToMetrics();
        Assert.Equal((1L, 0L, 0L, 1L), Counts(metrics.PerLabel[0])); // 0.3 >= 0.3 predicted, 0.29 not
        Assert.Equal((0L, 1L, 1L, 0L), Counts(metrics.PerLabel[1])); // 0.79 missed, 0.8 false positive
    }

    [Fact]
    public void AddScores_InBatchesOrMerged_EqualsAllAtOnce()
    {
        var random = new Random(42);
        float[] targets = [.. Enumerable.Range(0, 50 * 4).Select(_ => random.Next(2) == 0 ? 0f : 1f)];
        float[] scores = [.. Enumerable.Range(0, 50 * 4).Select(_ => (float)random.NextDouble())];
        var schema = new LabelSchema(["black", "blue"], ["dress", "shoes"]);
        var whole = new MultiLabelMetricsAccumulator(schema);
        whole.AddScores(targets, scores);

        var batched = new MultiLabelMetricsAccumulator(schema);
        var other = new MultiLabelMetricsAccumulator(schema);
        for (int start = 0; start < 50; start += 7)
        {
            int count = Math.Min(7, 50 - start);
            MultiLabelMetricsAccumulator target = start < 28 ? batched : other;
            target.AddScores(targets.AsSpan(start * 4, count * 4), scores.AsSpan(start * 4, count * 4));
        }

        batched.Merge(other);

        string expected = Shared.Manifest.ManifestJson.Serialize(whole.ToMetrics());
        Assert.Equal(expected, Shared.Manifest.ManifestJson.Serialize(batched.ToMetrics()));
        Assert.Equal(50, batched.SampleCount);
    }

    [Fact]
    public void AddScores_Groups_ConfusionFromBestLabelPerGroup()
    {
        // Labels in order: black, blue, dress, shoes.
        var accumulator = new MultiLabelMetricsAccumulator(new LabelSchema(["black", "blue"], ["dress", "shoes"]));
        accumulator.AddScores(
            [
                1, 0, 1, 0, /* black dress */ 0, 1, 0, 1, /* blue shoes */ 0, 1, 1, 0, /* blue dress */
                1, 0, 0, 0, /* black, no garment */ 1, 0, 1, 0, /* black dress */
            ],
            [
                0.9f, 0.2f, 0.3f, 0.6f, /* black, shoes */ 0.1f, 0.8f, 0.1f, 0.9f, /* blue, shoes */ 0.6f, 0.4f, 0.7f, 0.2f, /* black, dress */
                0.9f, 0.1f, 0.5f, 0.5f, /* black, (dress) */ 0.5f, 0.5f, 0.5f, 0.5f, /* ties: first label wins */
            ]);

        MultiLabelMetrics metrics = accumulator.ToMetrics();

        GroupConfusionMatrix colour = metrics.GroupConfusion[0];
        Assert.Equal("colour", colour.Group);
        Assert.Equal(["black", "blue"], colour.Labels);
        Assert.Equal([[3L, 0L], [1L, 1L]], colour.Counts);
        Assert.Equal(0, colour.ExcludedSamples);
        Assert.Equal(0.8, colour.Accuracy, 12);
        GroupConfusionMatrix garment = metrics.GroupConfusion[1];
        Assert.Equal("garment", garment.Group);
        Assert.Equal([[2L, 1L], [0L, 1L]], garment.Counts);
        Assert.Equal(1, garment.ExcludedSamples);
        Assert.Equal(0.75, garment.Accuracy, 12);
    }

    [Fact]
    public void AddPredictions_WithGroups_CountsSamplesAsExcludedFromGroupMatrices()
    {
        var accumulator = new MultiLabelMetricsAccumulator(new LabelSchema(["black"], ["dress"]));

        accumulator.AddPredictions([true, true], [true, false]);

        GroupConfusionMatrix colour = accumulator.ToMetrics().GroupConfusion[0];
        Assert.Equal(0, colour.Total);
        Assert.Equal(1, colour.ExcludedSamples);
    }

    [Fact]
    public void AddScores_TargetNotZeroOrOne_Throws()
    {
        var accumulator = new MultiLabelMetricsAccumulator(["a"]);

        var error = Assert.Throws<ArgumentException>(() => accumulator.AddScores([0.5f], [0.9f]));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScores_NaNScore_Throws()
    {
        var accumulator = new MultiLabelMetricsAccumulator(["a"]);

        Assert.Throws<ArgumentException>(() => accumulator.AddScores([1f], [float.NaN]));
    }

    [Fact]
    public void AddScores_ShapeNotMultipleOfLabels_Throws()
    {
        var accumulator = new MultiLabelMetricsAccumulator(["a", "b"]);

        Assert.Throws<ArgumentException>(() => accumulator.AddScores([1f, 0f, 1f], [0.1f, 0.2f, 0.3f]));
    }

    [Fact]
    public void ToMetrics_NoSamples_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new MultiLabelMetricsAccumulator(["a"]).ToMetrics());
    }

    [Fact]
    public void Merge_DifferentLabels_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MultiLabelMetricsAccumulator(["a"]).Merge(new MultiLabelMetricsAccumulator(["b"])));
    }

    [Fact]
    public void Constructor_GroupNamesUnknownLabel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MultiLabelMetricsAccumulator(["a"], groups: [new LabelGroup("colour", ["red"])]));
    }

    private static (long Tn, long Fp, long Fn, long Tp) Counts(LabelMetrics label) =>
        (label.TrueNegatives, label.FalsePositives, label.FalseNegatives, label.TruePositives);

    private static void AssertScores(AveragedScores actual, double precision, double recall, double f1, long support)
    {
        Assert.Equal(precision, actual.Precision, 12);
        Assert.Equal(recall, actual.Recall, 12);
        Assert.Equal(f1, actual.F1, 12);
        Assert.Equal(support, actual.Support);
    }
}
