using System.Globalization;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Reporting;

/// <summary>The report's tables as rows of text, shared by the HTML and Markdown renderings so both say the same.</summary>
internal static class ReportFacts
{
    public static IReadOnlyList<(string Name, string Value)> Summary(TrainingReport report)
    {
        ModelManifest m = report.Manifest;
        var rows = new List<(string, string)>
        {
            ("Version", m.Version),
            ("Created (UTC)", m.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("Labels", string.Join(", ", m.Labels)),
            ("Input", $"{m.Preprocessing.Width}x{m.Preprocessing.Height} {m.Preprocessing.ChannelOrder}, {m.Preprocessing.ResizeMode}"),
            ("Wall time", report.WallTime.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
            ("Training throughput", string.Create(CultureInfo.InvariantCulture, $"{report.ImagesPerSecond:0.0} images/s")),
            ("SHA-256", m.Sha256),
        };
        if (m.Dataset is { } d)
        {
            rows.Add(("Images", string.Create(CultureInfo.InvariantCulture,
                $"{d.ImagesPerClass.Values.Sum()} in {d.ImagesPerClass.Count} classes: train {d.TrainCount}, validation {d.ValidationCount}, test {d.TestCount} (split seed {d.SplitSeed})")));
            rows.Add(("Per class", string.Join(", ", d.ImagesPerClass.Select(p => $"{p.Key} {p.Value}"))));
            rows.Add(("Skipped files", d.Skipped.Count.ToString(CultureInfo.InvariantCulture)));
            rows.Add(("Data fingerprint", d.Fingerprint));
        }

        rows.Add(("Thresholds", string.Join(", ", m.Thresholds.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.00}")))));
        if (report.Parity is not null)
        {
            rows.Add(("ONNX parity", report.Parity));
        }

        if (m.Promotion is { } p)
        {
            rows.Add(("Promotion", $"{(p.Promoted ? (p.Forced ? "promoted (forced)" : "promoted") : "not promoted")}: {p.Reason}"));
        }

        rows.AddRange(m.TrainerSettings.Select(s => ($"Setting: {s.Key}", s.Value)));
        return rows;
    }

    public static string[] MetricsHeader { get; } = ["", "precision", "recall", "f1-score", "support"];

    /// <summary>scikit-learn's classification report rows: per label, then micro, macro, weighted and samples averages.</summary>
    public static IReadOnlyList<string[]> MetricsRows(MultiLabelMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var rows = metrics.PerLabel.Select(l => Row(l.Label, l.Precision, l.Recall, l.F1, l.Support)).ToList();
        rows.Add(Row("micro avg", metrics.Micro));
        rows.Add(Row("macro avg", metrics.Macro));
        rows.Add(Row("weighted avg", metrics.Weighted));
        if (metrics.SamplesAverage is { } samples)
        {
            rows.Add(Row("samples avg", samples));
        }

        return rows;
    }

    private static string[] Row(string name, AveragedScores s) => Row(name, s.Precision, s.Recall, s.F1, s.Support);

    private static string[] Row(string name, double precision, double recall, double f1, long support) =>
    [
        name,
        precision.ToString("0.0000", CultureInfo.InvariantCulture),
        recall.ToString("0.0000", CultureInfo.InvariantCulture),
        f1.ToString("0.0000", CultureInfo.InvariantCulture),
        support.ToString(CultureInfo.InvariantCulture),
    ];
}
