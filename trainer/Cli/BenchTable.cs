using System.Globalization;
using System.Text;
using FashionServerless.Trainer.Benchmarks;

namespace FashionServerless.Trainer.Cli;

/// <summary>The <c>bench</c> figures as the text the README records: machine, data, model, then one row per hot path.</summary>
internal static class BenchTable
{
    public static string Format(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        MachineFacts m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {m.ProcessorCount} processors, {m.OperatingSystem} {m.Architecture}, {m.DotNet}, ONNX Runtime {m.OnnxRuntime}, TorchSharp {m.TorchSharp}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {report.Data.Images} images ({report.Data.EncodedBytes / 1024.0 / 1024.0:0.0} MiB encoded) from {report.Data.Folder}; {report.Data.Skipped.Count} rejected");
        BenchmarkModel model = report.Model;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {model.Source} (version {model.Version}), input {model.Preprocessing.Width}x{model.Preprocessing.Height} {model.Preprocessing.ResizeMode}");
        var table = new TextTable("hot path", "per", "ops", "images/s", "mean ms", "p50 ms", "p95 ms");
        foreach (BenchmarkFigure f in report.Figures())
        {
            table.Add(f.Name, f.ImagesPerOperation == 1 ? f.Unit : $"{f.Unit} of {f.ImagesPerOperation}", N(f.Operations), N(f.ImagesPerSecond, "0.0"),
                N(f.MeanMs, "0.00"), N(f.P50Ms, "0.00"), N(f.P95Ms, "0.00"));
        }

        text.Append(table.ToString());
        return text.ToString();
    }

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
