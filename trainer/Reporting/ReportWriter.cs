using FashionServerless.Shared.Metrics;

namespace FashionServerless.Trainer.Reporting;

/// <summary>
/// Writes the report folder: training curves and per-group confusion matrices as PNG, <c>report.html</c> embedding
/// them with the metrics tables, and <c>report.md</c> with the same content for repositories and terminals.
/// </summary>
internal static class ReportWriter
{
    public const string HtmlFileName = "report.html";
    public const string MarkdownFileName = "report.md";
    public const string LossChart = "loss.png";
    public const string F1Chart = "f1.png";
    public const string LearningRateChart = "learning-rate.png";

    /// <summary>Writes every file into <paramref name="folder"/> (created if missing); returns their names, in writing order.</summary>
    public static IReadOnlyList<string> Write(string folder, TrainingReport report)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var images = new List<(string File, string Caption)>();
        void Save(string name, string caption, byte[] png)
        {
            File.WriteAllBytes(Path.Combine(folder, name), png);
            images.Add((name, caption));
        }

        IReadOnlyList<ReportEpoch> epochs = report.Epochs;
        if (epochs.Count > 0)
        {
            Save(LossChart, "Binary cross-entropy per epoch", LineChart.Render("Training and validation loss", "Binary cross-entropy", [
                new ChartSeries("train", [.. epochs.Select(e => e.TrainLoss)], ChartStyle.Blue),
                new ChartSeries("validation", [.. epochs.Select(e => e.ValidationLoss)], ChartStyle.Orange),
            ]));
            Save(F1Chart, "Validation F1 per epoch (threshold 0.5)", LineChart.Render("Validation F1 (threshold 0.5)", "F1", [
                new ChartSeries("micro", [.. epochs.Select(e => e.ValidationMicroF1)], ChartStyle.Green),
                new ChartSeries("macro", [.. epochs.Select(e => e.ValidationMacroF1)], ChartStyle.Red),
            ], ChartScale.UnitInterval));
            Save(LearningRateChart, "Learning rate per epoch (log scale)", LineChart.Render("Learning rate", "Learning rate (log scale)", [
                new ChartSeries("learning rate", [.. epochs.Select(e => e.LearningRate)], ChartStyle.Blue),
            ], ChartScale.Log, stepped: true));
        }

        MultiLabelMetrics? matrices = report.Test ?? report.Validation;
        foreach (GroupConfusionMatrix matrix in matrices?.GroupConfusion ?? [])
        {
            Save(ConfusionFileName(matrix.Group), $"{matrix.Group} confusion matrix ({(report.Test is null ? "validation" : "test")} split)", ConfusionMatrixChart.Render(matrix));
        }

        File.WriteAllText(Path.Combine(folder, HtmlFileName), HtmlReport.Render(report, images));
        File.WriteAllText(Path.Combine(folder, MarkdownFileName), MarkdownReport.Render(report, images));
        return [.. images.Select(i => i.File), HtmlFileName, MarkdownFileName];
    }

    public static string ConfusionFileName(string group) =>
        $"confusion-{new string([.. group.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')])}.png";
}
