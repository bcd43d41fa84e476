using System.Globalization;
using System.Text;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>The end-of-run summary: the figures a person compares runs by, and where everything went.</summary>
internal static class TrainSummary
{
    public static string Format(ModelManifest manifest, MultiLabelMetrics? metrics, string split, TrainingResult result, TimeSpan wallTime,
        double imagesPerSecond, IReadOnlyList<string> paths, string published)
    {
        var text = new StringBuilder();
        if (metrics is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Classification report ({split} split, one colour and one garment per image):");
            text.AppendLine(MetricsPrinter.Format(metrics)).AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"Model {manifest.Version}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  wall time {wallTime:hh\\:mm\\:ss}, {imagesPerSecond:0.0} images/s, {result.History.Count} epochs on {result.Device}");
        if (metrics is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {split}: {ClassificationReportFormatter.FormatHeadline(metrics)}");
            text.AppendLine("  per-label F1: " + string.Join("  ", metrics.PerLabel.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Label} {l.F1:0.000}"))));
        }

        int skipped = manifest.Dataset?.Skipped.Count ?? 0;
        text.AppendLine(CultureInfo.InvariantCulture, $"  skipped files: {skipped}");
        foreach (string path in paths)
        {
            text.AppendLine("  wrote " + Path.GetFullPath(path));
        }

        text.Append("  " + published);
        return text.ToString();
    }
}
