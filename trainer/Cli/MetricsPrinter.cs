using System.Globalization;
using System.Text;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Cli;

/// <summary>The metrics as a person reads them: scikit-learn's classification report, headline figures and group matrices.</summary>
internal static class MetricsPrinter
{
    public static string Format(MultiLabelMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var text = new StringBuilder();
        text.AppendLine(ClassificationReportFormatter.Format(metrics, digits: 4).TrimEnd());
        text.AppendLine();
        text.AppendLine(ClassificationReportFormatter.FormatHeadline(metrics));
        foreach (GroupConfusionMatrix matrix in metrics.GroupConfusion)
        {
            text.AppendLine();
            text.AppendLine(ClassificationReportFormatter.FormatConfusionMatrix(matrix).TrimEnd());
        }

        return text.ToString().TrimEnd();
    }

    public static string FormatSkipped(IReadOnlyList<SkippedFile> skipped, string what)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{skipped.Count} {what}");
        foreach (SkippedFile file in skipped)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {file.Path}: {file.Reason}: {file.Message}");
        }

        return text.ToString();
    }
}
