using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Tests.Metrics;

public sealed class MultiLabelMetricsTests
{
    /// <summary>The reference Keras study's test-set counts (TN, FP, FN, TP) per label.</summary>
    internal static readonly LabelCounts[] ReferenceCounts =
    [
        new("black", 337, 7, 6, 369),
        new("blue", 369, 6, 10, 334),
        new("dress", 576, 29, 13, 101),
        new("pants", 499, 20, 15, 185),
        new("shirt", 536, 8, 55, 120),
        new("shoes", 555, 9, 34, 121),
        new("shorts", 611, 33, 17, 58),
    ];

    [Fact]
    public void FromLabelCounts_ReferenceStudy_ReproducesItsMicroAndMacroF1()
    {
        MultiLabelMetrics metrics = MultiLabelMetrics.FromLabelCounts(ReferenceCounts);

        Assert.Equal(0.9077, metrics.Micro.F1, 4);
        Assert.Equal(0.8630, metrics.Macro.F1, 4);
        Assert.Equal(719, metrics.SampleCount);
        Assert.Equal(1438, metrics.Micro.Support);
    }

    [Theory]
    [InlineData("black", 0.9814, 0.9840, 0.9827, 375)]
    [InlineData("blue", 0.9824, 0.9709, 0.9766, 344)]
    [InlineData("dress", 0.7769, 0.8860, 0.8279, 114)]
    [InlineData("pants", 0.9024, 0.9250, 0.9136, 200)]
    [InlineData("shirt", 0.9375, 0.6857, 0.7921, 175)]
    [InlineData("shoes", 0.9308, 0.7806, 0.8491, 155)]
    [InlineData("shorts", 0.6374, 0.7733, 0.6988, 75)]
    public void FromLabelCounts_ReferenceStudy_PerLabelScores(string label, double precision, double recall, double f1, long support)
    {
        LabelMetrics metrics = MultiLabelMetrics.FromLabelCounts(ReferenceCounts).PerLabel.Single(l => l.Label == label);

        Assert.Equal(precision, metrics.Precision, 4);
        Assert.Equal(recall, metrics.Recall, 4);
        Assert.Equal(f1, metrics.F1, 4);
        Assert.Equal(support, metrics.Support);
    }

    [Fact]
    public void FromLabelCounts_ReferenceStudy_MicroPrecisionRecallAndHammingLoss()
    {
        MultiLabelMetrics metrics = MultiLabelMetrics.FromLabelCounts(ReferenceCounts);

        Assert.Equal(1288.0 / 1400, metrics.Micro.Precision, 12);
        Assert.Equal(1288.0 / 1438, metrics.Micro.Recall, 12);
        Assert.Equal(262.0 / (719 * 7), metrics.HammingLoss, 12);
        Assert.Null(metrics.SamplesAverage);
        Assert.Null(metrics.ExactMatch);
    }

    [Fact]
    public void FromLabelCounts_LabelsCoverDifferentSampleCounts_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiLabelMetrics.FromLabelCounts([new("a", 1, 0, 0, 1), new("b", 5, 0, 0, 0)]));

        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLabelCounts_LabelNeverTrueNorPredicted_ScoresZeroAndStillCountsInMacro()
    {
        MultiLabelMetrics metrics = MultiLabelMetrics.FromLabelCounts([new("a", 0, 0, 0, 4), new("b", 4, 0, 0, 0)]);

        LabelMetrics b = metrics.PerLabel[1];
        Assert.Equal((0.0, 0.0, 0.0, 0L), (b.Precision, b.Recall, b.F1, b.Support));
        Assert.Equal(0.5, metrics.Macro.F1);
        Assert.Equal(1.0, metrics.Weighted.F1);
        Assert.Equal(1.0, metrics.Micro.F1);
    }

    [Fact]
    public void ToSummary_FromCounts_CarriesHeadlineFiguresAndNaNForUnknowns()
    {
        MultiLabelMetrics metrics = MultiLabelMetrics.FromLabelCounts(ReferenceCounts);

        MetricsSummary summary = metrics.ToSummary();

        Assert.Equal(719, summary.Samples);
        Assert.Equal(metrics.Micro.F1, summary.MicroF1);
        Assert.Equal(metrics.Macro.F1, summary.MacroF1);
        Assert.Equal(metrics.Weighted.F1, summary.WeightedF1);
        Assert.Equal(metrics.HammingLoss, summary.HammingLoss);
        Assert.True(double.IsNaN(summary.SamplesF1));
        Assert.True(double.IsNaN(summary.ExactMatch));
        Assert.Equal(0.6988, summary.PerLabelF1["shorts"], 4);
        Assert.Equal(7, summary.PerLabelF1.Count);
    }

    [Fact]
    public void Serialize_WithManifestJson_RoundTripsTheFigures()
    {
        MultiLabelMetrics metrics = MultiLabelMetricsAccumulatorTests.HandCase().ToMetrics();

        byte[] json = ManifestJson.SerializeToUtf8Bytes(metrics);
        MultiLabelMetrics back = ManifestJson.Deserialize<MultiLabelMetrics>(json, "metrics");

        Assert.Equal(metrics.Micro, back.Micro);
        Assert.Equal(metrics.SamplesAverage, back.SamplesAverage);
        Assert.Equal(metrics.ExactMatch, back.ExactMatch);
        Assert.Equal(metrics.PerLabel, back.PerLabel);
        Assert.Equal(metrics.GroupConfusion.Count, back.GroupConfusion.Count);
        string text = System.Text.Encoding.UTF8.GetString(json);
        Assert.Contains("\"perLabel\"", text, StringComparison.Ordinal);
        Assert.Contains("\"hammingLoss\"", text, StringComparison.Ordinal);
    }
}
