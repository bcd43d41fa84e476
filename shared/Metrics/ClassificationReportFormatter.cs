using System.Globalization;
using System.Text;

namespace FashionServerless.Shared.Metrics;

/// <summary>Prints metrics as scikit-learn's classification_report does, so figures can be compared with the reference study line by line.</summary>
public static class ClassificationReportFormatter
{
    private static readonly string[] Headers = ["precision", "recall", "f1-score", "support"];

    /// <summary>The per-label rows, then micro, macro, weighted and (when known) samples averages.</summary>
    public static string Format(MultiLabelMetrics metrics, int digits = 2)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        int width = Math.Max(Math.Max(metrics.PerLabel.Max(l => l.Label.Length), "weighted avg".Length), digits);
        var report = new StringBuilder();
        report.Append(new string(' ', width + 1));
        foreach (string header in Headers)
        {
            report.Append(' ').Append(header.PadLeft(9));
        }

        report.Append("\n\n");
        foreach (LabelMetrics label in metrics.PerLabel)
        {
            AppendRow(report, label.Label, label.Precision, label.Recall, label.F1, label.Support, width, digits);
        }

        report.Append('\n');
        AppendRow(report, "micro avg", metrics.Micro, width, digits);
        AppendRow(report, "macro avg", metrics.Macro, width, digits);
        AppendRow(report, "weighted avg", metrics.Weighted, width, digits);
        if (metrics.SamplesAverage is not null)
        {
            AppendRow(report, "samples avg", metrics.SamplesAverage, width, digits);
        }

        return report.ToString();
    }

    /// <summary>The headline figures on one line, as every printout of metrics leads with them.</summary>
    public static string FormatHeadline(MultiLabelMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return string.Create(CultureInfo.InvariantCulture,
            $"samples {metrics.SampleCount}  micro-F1 {metrics.Micro.F1:0.0000}  macro-F1 {metrics.Macro.F1:0.0000}  exact match {metrics.ExactMatch ?? double.NaN:0.0000}  Hamming loss {metrics.HammingLoss:0.0000}");
    }

    /// <summary>A group's matrix with true labels as rows and best-scoring labels as columns.</summary>
    public static string FormatConfusionMatrix(GroupConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int labelWidth = Math.Max(matrix.Labels.Max(l => l.Length), "true \\ predicted".Length);
        int cellWidth = Math.Max(matrix.Labels.Max(l => l.Length), matrix.Counts.SelectMany(r => r).DefaultIfEmpty(0).Max().ToString(CultureInfo.InvariantCulture).Length);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{matrix.Group} (accuracy {FixedPointText.Format(matrix.Accuracy, 4)}, {matrix.Total} samples, {matrix.ExcludedSamples} excluded)\n");
        text.Append("true \\ predicted".PadRight(labelWidth));
        foreach (string label in matrix.Labels)
        {
            text.Append(' ').Append(label.PadLeft(cellWidth));
        }

        text.Append('\n');
        for (int t = 0; t < matrix.Labels.Count; t++)
        {
            text.Append(matrix.Labels[t].PadRight(labelWidth));
            foreach (long count in matrix.Counts[t])
            {
                text.Append(' ').Append(count.ToString(CultureInfo.InvariantCulture).PadLeft(cellWidth));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder report, string heading, AveragedScores scores, int width, int digits) =>
        AppendRow(report, heading, scores.Precision, scores.Recall, scores.F1, scores.Support, width, digits);

    private static void AppendRow(StringBuilder report, string heading, double precision, double recall, double f1, long support, int width, int digits)
    {
        report.Append(heading.PadLeft(width)).Append(' ');
        foreach (double value in (ReadOnlySpan<double>)[precision, recall, f1])
        {
            report.Append(' ').Append(FixedPointText.Format(value, digits).PadLeft(9));
        }

        report.Append(' ').Append(support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }
}
