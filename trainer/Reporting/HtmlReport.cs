using System.Net;
using System.Text;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Reporting;

/// <summary>The self-contained <c>report.html</c>: summary, metrics tables and the PNGs beside it.</summary>
internal static class HtmlReport
{
    public static string Render(TrainingReport report, IReadOnlyList<(string File, string Caption)> images)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(images);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>FashionServerless model ").Append(E(report.Manifest.Version)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#212529}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #dee2e6;padding:4px 10px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append("figure{display:inline-block;margin:0 1em 1em 0;max-width:100%}img{border:1px solid #dee2e6;max-width:100%;height:auto}</style>\n</head>\n<body>\n")
            .Append("<h1>Model ").Append(E(report.Manifest.Version)).Append("</h1>\n<h2>Summary</h2>\n<table>\n");
        foreach ((string name, string value) in ReportFacts.Summary(report))
        {
            html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        AppendMetrics(html, "Test split", report.Test);
        AppendMetrics(html, "Validation split", report.Validation);
        html.Append("<h2>Charts</h2>\n");
        foreach ((string file, string caption) in images)
        {
            html.Append("<figure><img src=\"").Append(E(file)).Append("\" alt=\"").Append(E(caption)).Append("\"><figcaption>")
                .Append(E(caption)).Append("</figcaption></figure>\n");
        }

        if (report.Manifest.Dataset is { Skipped.Count: > 0 } dataset)
        {
            html.Append("<h2>Skipped files</h2>\n<table>\n<tr><th>file</th><th>reason</th><th>message</th></tr>\n");
            foreach (var file in dataset.Skipped)
            {
                html.Append("<tr><td>").Append(E(file.Path)).Append("</td><td>").Append(E(file.Reason)).Append("</td><td>").Append(E(file.Message)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void AppendMetrics(StringBuilder html, string title, MultiLabelMetrics? metrics)
    {
        if (metrics is null)
        {
            return;
        }

        html.Append("<h2>").Append(E(title)).Append("</h2>\n<p>").Append(E(ClassificationReportFormatter.FormatHeadline(metrics))).Append("</p>\n<table>\n<tr>");
        foreach (string header in ReportFacts.MetricsHeader)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (string[] row in ReportFacts.MetricsRows(metrics))
        {
            html.Append("<tr><th>").Append(E(row[0])).Append("</th>");
            foreach (string cell in row.Skip(1))
            {
                html.Append("<td class=\"n\">").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
