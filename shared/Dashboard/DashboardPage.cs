using System.Globalization;
using System.Net;
using System.Text;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Shared.Dashboard;

/// <summary>
/// Renders <see cref="DashboardData"/> as one self-contained HTML page: inline CSS and SVG, no script and nothing
/// fetched, so it opens from blob storage, a file or an e-mail attachment alike. Every headline figure carries a
/// <c>data-figure</c> attribute so a browser test can read it back.
/// </summary>
public static class DashboardPage
{
    private const string LabelledColour = "#2563eb";
    private const string LiveColour = "#ea580c";
    private const string FlagColour = "#dc2626";

    public static string Render(DashboardData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var html = new StringBuilder(32 * 1024);
        EvaluationReport? latest = data.Latest;
        LiveModelAccuracy? live = latest?.Live?.Models.FirstOrDefault(m => m.ModelVersion == latest.ModelVersion);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>FashionServerless model health</title>
            <style>
            """).Append(Styles).Append("""
            </style>
            </head>
            <body>
            <header><div class="wrap">
            <h1>Model health</h1>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"sub\">FashionServerless apparel classifier · generated <time data-figure=\"generated-at\">{Time(data.GeneratedAt)}</time>");
        if (latest is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $" · serving <span class=\"chip\" data-figure=\"model-version\">{Encode(latest.ModelVersion)}</span>");
        }

        html.Append("</p></div></header>\n<main class=\"wrap\">\n");
        if (latest is null)
        {
            html.Append("<section class=\"card empty\"><h2>No evaluation yet</h2><p>The page fills in after the first scheduled evaluation (the <code>EvaluateModel</code> timer, or <code>fashion-trainer evaluate --write-metrics</code>).</p></section>\n");
        }
        else
        {
            Cards(html, latest, live);
            AccuracyChart(html, data.Runs);
            html.Append("<div class=\"grid two\">\n");
            VersionTable(html, data.Runs, latest);
            LabelRates(html, latest.Traffic);
            html.Append("</div>\n<div class=\"grid two\">\n");
            Confusion(html, live);
            Rejections(html, latest.Traffic, data.RecentRejections);
            html.Append("</div>\n");
        }

        html.Append("<footer>The same figures as JSON: <a href=\"data.json\">data.json</a>. Live accuracy counts uploads a reviewer labelled (<code>fashion-trainer feedback</code>); the labelled set is the <code>evaluation</code> container.</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Cards(StringBuilder html, EvaluationReport latest, LiveModelAccuracy? live)
    {
        TrafficSummary traffic = latest.Traffic;
        html.Append("<section class=\"cards\">\n");
        Card(html, "labelled-micro-f1", "Labelled set micro-F1", Figure(latest.Metrics?.Micro.F1), $"{latest.Images.Evaluated} images · macro-F1 {Figure(latest.Metrics?.Macro.F1)}", LabelledColour);
        Card(html, "live-micro-f1", "Live micro-F1", Figure(live?.Metrics.Micro.F1),
            live is null ? "no reviewed uploads yet" : $"{live.Metrics.SampleCount} reviewed · macro-F1 {Figure(live.Metrics.Macro.F1)}", LiveColour);
        Card(html, "live-exact-match", "Live exact match", Figure(live?.Metrics.ExactMatch), $"labelled set {Figure(latest.Metrics?.ExactMatch)}", LiveColour);
        Card(html, "rejection-rate", "Rejected uploads", Percent(traffic.RejectionRate), $"{traffic.Rejected} of {traffic.Records} since the last run", "#64748b");
        Card(html, "drift-flags", "Labels drifting", traffic.FlaggedLabels.Count.ToString(CultureInfo.InvariantCulture),
            traffic.FlaggedLabels.Count == 0 ? $"all within ±{traffic.DriftTolerance:0.00} of training" : string.Join(", ", traffic.FlaggedLabels),
            traffic.FlaggedLabels.Count == 0 ? "#16a34a" : FlagColour);
        html.Append("</section>\n");
    }

    private static void Card(StringBuilder html, string figure, string title, string value, string note, string accent) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"kpi\" style=\"--accent:{accent}\"><div class=\"kpi-title\">{Encode(title)}</div><div class=\"kpi-value\" data-figure=\"{figure}\">{Encode(value)}</div><div class=\"kpi-note\">{Encode(note)}</div></div>\n");

    private static void AccuracyChart(StringBuilder html, IReadOnlyList<DashboardRun> runs)
    {
        const double W = 960, H = 296, Left = 44, Right = 24, Top = 30, Bottom = 40;
        double plotW = W - Left - Right, plotH = H - Top - Bottom;
        double X(int i) => Left + (runs.Count == 1 ? plotW / 2 : plotW * i / (runs.Count - 1));
        double Y(double v) => Top + (plotH * (1 - v));
        html.Append("<section class=\"card\"><h2>Accuracy over time</h2><p class=\"hint\">Each point is one scheduled evaluation; a dashed line marks a new model version.</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Micro-F1 and exact match per evaluation run\">\n");
        foreach (double tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<line class=\"grid\" x1=\"{Left}\" x2=\"{W - Right}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\"/><text class=\"axis\" x=\"{Left - 8}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\">{tick:0.00}</text>\n");
        }

        for (int i = 0; i < runs.Count; i++)
        {
            if (i == 0 || runs[i].ModelVersion != runs[i - 1].ModelVersion)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<line class=\"version\" x1=\"{X(i):0.#}\" x2=\"{X(i):0.#}\" y1=\"{Top}\" y2=\"{Top + plotH}\"/><text class=\"version-label\" x=\"{X(i):0.#}\" y=\"{Top - 10}\" text-anchor=\"{(i == runs.Count - 1 && runs.Count > 1 ? "end" : i == 0 ? "start" : "middle")}\">{Encode(ShortVersion(runs[i].ModelVersion))}</text>\n");
            }
        }

        int step = Math.Max(1, runs.Count / 6);
        for (int i = 0; i < runs.Count; i = i + step >= runs.Count && i != runs.Count - 1 ? runs.Count - 1 : i + step)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<text class=\"axis\" x=\"{X(i):0.#}\" y=\"{H - 14}\" text-anchor=\"{(i == 0 && runs.Count > 1 ? "start" : i == runs.Count - 1 && runs.Count > 1 ? "end" : "middle")}\">{runs[i].CompletedAt.UtcDateTime:dd MMM HH:mm}</text>\n");
        }

        Series(html, runs, r => r.LabelledMicroF1, X, Y, LabelledColour, dashed: false, "labelled-micro-f1");
        Series(html, runs, r => r.LabelledExactMatch, X, Y, LabelledColour, dashed: true, "labelled-exact-match");
        Series(html, runs, r => r.LiveMicroF1, X, Y, LiveColour, dashed: false, "live-micro-f1");
        Series(html, runs, r => r.LiveExactMatch, X, Y, LiveColour, dashed: true, "live-exact-match");
        html.Append("</svg>\n<div class=\"legend\">")
            .Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{LabelledColour}\"></i>labelled set micro-F1</span>")
            .Append(CultureInfo.InvariantCulture, $"<span><i class=\"dash\" style=\"border-color:{LabelledColour}\"></i>labelled set exact match</span>")
            .Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{LiveColour}\"></i>live micro-F1 (reviewed)</span>")
            .Append(CultureInfo.InvariantCulture, $"<span><i class=\"dash\" style=\"border-color:{LiveColour}\"></i>live exact match</span>")
            .Append("</div></section>\n");
    }

    private static void Series(StringBuilder html, IReadOnlyList<DashboardRun> runs, Func<DashboardRun, double?> value, Func<int, double> x, Func<double, double> y,
        string colour, bool dashed, string name)
    {
        var points = new List<(double X, double Y, double V)>();
        for (int i = 0; i < runs.Count; i++)
        {
            if (value(runs[i]) is double v && double.IsFinite(v))
            {
                points.Add((x(i), y(v), v));
            }
        }

        if (points.Count == 0)
        {
            return;
        }

        string path = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")));
        html.Append(CultureInfo.InvariantCulture,
            $"<polyline class=\"series\" data-series=\"{name}\" points=\"{path}\" stroke=\"{colour}\"{(dashed ? " stroke-dasharray=\"6 5\"" : "")}/>\n");
        foreach ((double px, double py, double v) in points)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"{(dashed ? 2.5 : 4)}\" fill=\"{(dashed ? "#fff" : colour)}\" stroke=\"{colour}\"><title>{name}: {v:0.000}</title></circle>\n");
        }
    }

    private static void VersionTable(StringBuilder html, IReadOnlyList<DashboardRun> runs, EvaluationReport latest)
    {
        html.Append("<section class=\"card\"><h2>Live vs labelled set, per model version</h2>\n<table><thead><tr><th>Version</th><th>Runs</th><th>Labelled micro-F1</th><th>Live micro-F1</th><th>Live exact</th><th>Reviewed</th></tr></thead><tbody>\n");
        IReadOnlyList<LiveModelAccuracy> live = latest.Live?.Models ?? [];
        foreach (IGrouping<string, DashboardRun> version in runs.GroupBy(r => r.ModelVersion).OrderByDescending(g => g.Max(r => r.CompletedAt)))
        {
            DashboardRun last = version.MaxBy(r => r.CompletedAt)!;
            MultiLabelMetrics? reviewed = live.FirstOrDefault(m => m.ModelVersion == version.Key)?.Metrics;
            string id = Encode(version.Key);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{Encode(ShortVersion(version.Key))}</code></td><td>{version.Count()}</td>"
                + $"<td>{Bar(last.LabelledMicroF1, LabelledColour)}<span data-figure=\"version-labelled-micro-f1\" data-version=\"{id}\">{Figure(last.LabelledMicroF1)}</span></td>"
                + $"<td>{Bar(reviewed?.Micro.F1, LiveColour)}<span data-figure=\"version-live-micro-f1\" data-version=\"{id}\">{Figure(reviewed?.Micro.F1)}</span></td>"
                + $"<td>{Figure(reviewed?.ExactMatch)}</td><td>{reviewed?.SampleCount ?? 0}</td></tr>\n");
        }

        html.Append("</tbody></table></section>\n");
    }

    private static void LabelRates(StringBuilder html, TrafficSummary traffic)
    {
        html.Append(CultureInfo.InvariantCulture,
            $"<section class=\"card\"><h2>Label rates and drift</h2><p class=\"hint\">Share of {traffic.Classified} classified uploads since the last run (colour) against the training data (grey); flagged beyond ±{traffic.DriftTolerance:0.00}.</p>\n<div class=\"rates\">\n");
        foreach (LabelTraffic label in traffic.Labels)
        {
            double liveRate = label.LiveRate ?? 0, trainingRate = label.TrainingRate ?? 0;
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"rate{(label.Flagged ? " flagged" : "")}\"><span class=\"name\">{Encode(label.Label)}</span>"
                + $"<span class=\"bars\"><span class=\"train\" style=\"width:{trainingRate * 100:0.#}%\"></span><span class=\"live\" style=\"width:{liveRate * 100:0.#}%\"></span></span>"
                + $"<span class=\"num\" data-figure=\"live-rate\" data-label=\"{Encode(label.Label)}\">{(label.LiveRate is null ? "–" : Percent(liveRate))}</span>"
                + $"<span class=\"drift\" data-figure=\"drift\" data-label=\"{Encode(label.Label)}\">{(label.Drift is double d ? d.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–")}</span></div>\n");
        }

        html.Append("</div></section>\n");
    }

    private static void Confusion(StringBuilder html, LiveModelAccuracy? live)
    {
        html.Append("<section class=\"card\"><h2>Where live predictions go wrong</h2>");
        if (live is null || live.Metrics.GroupConfusion.Count == 0)
        {
            html.Append("<p class=\"hint\">No reviewed uploads for the serving model yet. Review some with <code>fashion-trainer feedback &lt;path&gt; --labels blue,dress</code>.</p></section>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">Reviewed uploads of the serving model: rows are the reviewer's label, columns the model's best label ({live.Metrics.SampleCount} reviews).</p><div class=\"matrices\">\n");
        foreach (GroupConfusionMatrix matrix in live.Metrics.GroupConfusion)
        {
            long max = Math.Max(1, matrix.Counts.SelectMany(r => r).DefaultIfEmpty(0).Max());
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"matrix\"><caption>{Encode(matrix.Group)} · accuracy {Figure(matrix.Accuracy)}</caption><tr><th></th>");
            foreach (string label in matrix.Labels)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(label)}</th>");
            }

            html.Append("</tr>\n");
            for (int t = 0; t < matrix.Labels.Count; t++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(matrix.Labels[t])}</th>");
                for (int p = 0; p < matrix.Labels.Count; p++)
                {
                    long count = matrix.Counts[t][p];
                    string tint = t == p ? "37,99,235" : "220,38,38";
                    html.Append(CultureInfo.InvariantCulture,
                        $"<td style=\"background:{(count == 0 ? "#f1f5f9" : string.Create(CultureInfo.InvariantCulture, $"rgba({tint},{0.15 + (0.6 * count / max):0.##})"))}\">{(count == 0 ? "" : count.ToString(CultureInfo.InvariantCulture))}</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</div></section>\n");
    }

    private static void Rejections(StringBuilder html, TrafficSummary traffic, IReadOnlyList<RecentRejection> recent)
    {
        html.Append("<section class=\"card\"><h2>Rejections</h2>\n");
        if (traffic.RejectionsByReason.Count > 0)
        {
            html.Append("<div class=\"reasons\">");
            foreach ((string reason, ReasonCount count) in traffic.RejectionsByReason.OrderByDescending(p => p.Value.Count))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<span class=\"reason\"><b data-figure=\"rejections\" data-reason=\"{Encode(reason)}\">{count.Count}</b> {Encode(reason)}</span>");
            }

            html.Append("</div>\n");
        }

        if (recent.Count == 0)
        {
            html.Append("<p class=\"hint\">No upload was rejected in the last seven days.</p></section>\n");
            return;
        }

        html.Append("<table class=\"recent\"><thead><tr><th>When</th><th>Upload</th><th>Reason</th></tr></thead><tbody>\n");
        foreach (RecentRejection rejection in recent)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"when\">{rejection.ProcessedAt.UtcDateTime:dd MMM HH:mm}</td><td><code data-figure=\"rejected-upload\">{Encode(rejection.Source)}</code><div class=\"msg\">{Encode(rejection.Message)}</div></td><td><span class=\"tag\">{Encode(rejection.Reason)}</span></td></tr>\n");
        }

        html.Append("</tbody></table></section>\n");
    }

    private static string Bar(double? value, string colour) =>
        value is double v && double.IsFinite(v)
            ? string.Create(CultureInfo.InvariantCulture, $"<span class=\"mini\"><span style=\"width:{v * 100:0.#}%;background:{colour}\"></span></span>")
            : "<span class=\"mini\"></span>";

    /// <summary>A score as the page prints it: three decimals, or an en dash when there is none.</summary>
    public static string Figure(double? value) => value is double v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    /// <summary>A share as the page prints it: one decimal percent.</summary>
    public static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The date and hash of <c>20261128T120000Z-3f2a9c1d</c>: <c>2026-11-28 3f2a9c1d</c>.</summary>
    private static string ShortVersion(string version) =>
        version.Length >= 25 && version[8] == 'T' ? $"{version[..4]}-{version[4..6]}-{version[6..8]} {version[17..]}" : version;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Styles = """
        :root { color-scheme: light; --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --bg:#f1f5f9; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color:var(--ink); background:var(--bg); }
        .wrap { max-width:1120px; margin:0 auto; padding:0 24px; }
        header { background:linear-gradient(120deg,#0f172a,#1e3a8a 60%,#7c2d12); color:#fff; padding:28px 0 64px; }
        header h1 { margin:0; font-size:28px; letter-spacing:-.01em; }
        .sub { margin:6px 0 0; color:#cbd5e1; }
        .chip { display:inline-block; padding:1px 10px; border-radius:999px; background:rgba(255,255,255,.14); color:#fff; font-family:ui-monospace, monospace; font-size:13px; }
        main { margin-top:-44px; padding-bottom:32px; }
        .cards { display:grid; grid-template-columns:repeat(5,1fr); gap:14px; margin-bottom:16px; }
        .kpi { background:#fff; border-radius:14px; padding:14px 16px; box-shadow:0 1px 3px rgba(15,23,42,.08),0 8px 24px rgba(15,23,42,.06); border-top:4px solid var(--accent); }
        .kpi-title { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.06em; }
        .kpi-value { font-size:34px; font-weight:700; color:var(--accent); margin:2px 0; font-variant-numeric:tabular-nums; }
        .kpi-note { color:var(--muted); font-size:13px; }
        .card { background:#fff; border-radius:14px; padding:18px 20px; box-shadow:0 1px 3px rgba(15,23,42,.08); margin-bottom:16px; }
        .card h2 { margin:0 0 4px; font-size:17px; }
        .hint { margin:0 0 12px; color:var(--muted); font-size:13px; }
        .grid.two { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
        .grid.two > .card { margin-bottom:0; }
        .grid.two { margin-bottom:16px; }
        .chart { width:100%; height:auto; display:block; }
        .chart .grid { stroke:var(--line); }
        .chart .axis { fill:var(--muted); font-size:11px; }
        .chart .version { stroke:#94a3b8; stroke-dasharray:3 4; }
        .chart .version-label { fill:#475569; font-size:11px; font-family:ui-monospace, monospace; }
        .chart .series { fill:none; stroke-width:2.5; stroke-linejoin:round; stroke-linecap:round; }
        .legend { display:flex; flex-wrap:wrap; gap:18px; color:var(--muted); font-size:13px; margin-top:6px; }
        .legend i { display:inline-block; width:18px; height:4px; border-radius:2px; vertical-align:middle; margin-right:6px; }
        .legend i.dash { height:0; border-top:3px dashed; background:none; }
        table { width:100%; border-collapse:collapse; font-size:14px; }
        th { text-align:left; color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.04em; padding:6px 8px; border-bottom:1px solid var(--line); }
        td { padding:8px; border-bottom:1px solid var(--line); vertical-align:middle; font-variant-numeric:tabular-nums; }
        td code { white-space:nowrap; }
        code { font-family:ui-monospace, "SFMono-Regular", monospace; font-size:13px; }
        .mini { display:inline-block; width:56px; height:6px; background:#eef2f7; border-radius:3px; margin-right:8px; vertical-align:middle; overflow:hidden; }
        .mini span { display:block; height:100%; border-radius:3px; }
        .rates { display:grid; gap:8px; }
        .rate { display:grid; grid-template-columns:70px 1fr 56px 52px; align-items:center; gap:10px; font-size:14px; }
        .rate .bars { position:relative; height:18px; background:#f8fafc; border-radius:5px; overflow:hidden; }
        .rate .train { position:absolute; left:0; top:0; bottom:0; background:#cbd5e1; }
        .rate .live { position:absolute; left:0; top:5px; bottom:5px; background:#2563eb; border-radius:0 4px 4px 0; }
        .rate .num { text-align:right; font-variant-numeric:tabular-nums; }
        .rate .drift { text-align:right; color:var(--muted); font-variant-numeric:tabular-nums; }
        .rate.flagged .name, .rate.flagged .drift { color:#dc2626; font-weight:700; }
        .rate.flagged .live { background:#dc2626; }
        .matrices { display:flex; flex-wrap:wrap; gap:18px; align-items:flex-start; }
        .matrix { width:auto; }
        .matrix caption { text-align:left; font-weight:600; padding-bottom:6px; white-space:nowrap; }
        .matrix td { width:44px; height:34px; text-align:center; border:2px solid #fff; border-radius:6px; font-weight:600; }
        .matrix th { font-size:11px; text-transform:none; letter-spacing:0; border:0; text-align:center; padding:4px; }
        .matrix tr th:first-child { text-align:right; }
        .reasons { display:flex; flex-wrap:wrap; gap:8px; margin:6px 0 12px; }
        .reason { background:#fef2f2; color:#991b1b; border-radius:999px; padding:3px 12px; font-size:13px; }
        .tag { background:#fee2e2; color:#991b1b; border-radius:6px; padding:2px 8px; font-size:12px; font-family:ui-monospace, monospace; }
        .recent .when { color:var(--muted); white-space:nowrap; }
        .recent .msg { color:var(--muted); font-size:12px; max-width:380px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
        footer { color:var(--muted); font-size:13px; padding:8px 0 24px; }
        footer a { color:#2563eb; }
        @media (max-width: 900px) { .cards { grid-template-columns:repeat(2,1fr); } .grid.two { grid-template-columns:1fr; } }
        """;
}
