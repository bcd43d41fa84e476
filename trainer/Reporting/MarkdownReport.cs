using System.Text;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Reporting;

/// <summary>The <c>report.md</c> twin of <see cref="HtmlReport"/>.</summary>
internal static class MarkdownReport
{
    public static string Render(TrainingReport report, IReadOnlyList<(string File, string Caption)> images)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(images);
        var md = new StringBuilder();
        md.Append("# Model ").Append(report.Manifest.Version).Append("\n\n## Summary\n\n| | |\n|---|---|\n");
        foreach ((string name, string value) in ReportFacts.Summary(report))
        {
            md.Append("| ").Append(Cell(name)).Append(" | ").Append(Cell(value)).Append(" |\n");
        }

        AppendMetrics(md, "Test split", report.Test);
        AppendMetrics(md, "Validation split", report.Validation);
        md.Append("\n## Charts\n\n");
        foreach ((string file, string caption) in images)
        {
            md.Append("![").Append(caption).Append("](").Append(file).Append(")\n\n");
        }

        return md.ToString();
    }

    private static void AppendMetrics(StringBuilder md, string title, MultiLabelMetrics? metrics)
    {
        if (metrics is null)
        {
            return;
        }

        md.Append("\n## ").Append(title).Append("\n\n").Append(ClassificationReportFormatter.FormatHeadline(metrics)).Append("\n\n| ")
            .AppendJoin(" | ", ReportFacts.MetricsHeader).Append(" |\n|---|---:|---:|---:|---:|\n");
        foreach (string[] row in ReportFacts.MetricsRows(metrics))
        {
            md.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
