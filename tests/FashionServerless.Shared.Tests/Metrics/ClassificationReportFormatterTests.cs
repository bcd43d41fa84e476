using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Tests.Metrics;

public sealed class ClassificationReportFormatterTests
{
    [Fact]
    public void Format_HandCase_MatchesScikitLearnLayoutAndRounding()
    {
        // Generated with scikit-learn's own format strings; note 0.625 prints as 0.62 (round half to even).
        const string expected =
            "              precision    recall  f1-score   support\n\n" +
            "           a       1.00      0.50      0.67         2\n" +
            "           b       1.00      1.00      1.00         2\n" +
            "           c       0.00      0.00      0.00         1\n\n" +
            "   micro avg       0.75      0.60      0.67         5\n" +
            "   macro avg       0.67      0.50      0.56         5\n" +
            "weighted avg       0.80      0.60      0.67         5\n" +
            " samples avg       0.62      0.50      0.54         5\n";

        Assert.Equal(expected, ClassificationReportFormatter.Format(MultiLabelMetricsAccumulatorTests.HandCase().ToMetrics()));
    }

    [Fact]
    public void Format_ReferenceCountsWithFourDigits_PrintsStudyFigures()
    {
        string report = ClassificationReportFormatter.Format(MultiLabelMetrics.FromLabelCounts(MultiLabelMetricsTests.ReferenceCounts), digits: 4);

        Assert.Contains("   micro avg     0.9200    0.8957    0.9077      1438\n", report, StringComparison.Ordinal);
        Assert.Contains("   macro avg     0.8784    0.8579    0.8630      1438\n", report, StringComparison.Ordinal);
        Assert.Contains("      shorts     0.6374    0.7733    0.6988        75\n", report, StringComparison.Ordinal);
        Assert.DoesNotContain("samples avg", report, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatHeadline_HandCase_OneLineOfTheHeadlineFigures()
    {
        string line = ClassificationReportFormatter.FormatHeadline(MultiLabelMetricsAccumulatorTests.HandCase().ToMetrics());

        Assert.Matches(@"^samples \d+  micro-F1 0\.\d{4}  macro-F1 0\.\d{4}  exact match \d\.\d{4}  Hamming loss \d\.\d{4}$", line);
        Assert.Contains("micro-F1 0.6667", line, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatConfusionMatrix_PrintsRowsAsTrueLabels()
    {
        var matrix = new GroupConfusionMatrix("colour", ["black", "blue"], [[3, 0], [1, 12]], 2);

        string text = ClassificationReportFormatter.FormatConfusionMatrix(matrix);

        Assert.Equal(
            "colour (accuracy 0.9375, 16 samples, 2 excluded)\n" +
            "true \\ predicted black  blue\n" +
            "black                3     0\n" +
            "blue                 1    12\n",
            text);
    }

    [Theory]
    [InlineData(0.625, 2, "0.62")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(0.675, 2, "0.68")] // binary 0.67500000000000004441 is above the midpoint
    [InlineData(0.125, 2, "0.12")]
    [InlineData(1.0, 2, "1.00")]
    [InlineData(0.0, 4, "0.0000")]
    [InlineData(0.90768, 4, "0.9077")]
    [InlineData(-0.5, 0, "-0")]
    [InlineData(2.5, 0, "2")]
    public void Format_Value_RoundsLikePython(double value, int digits, string expected)
    {
        Assert.Equal(expected, FixedPointText.Format(value, digits));
    }
}
