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
        var text = new StringBuilder();
        AppendMachine(text, report.Machine);
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {report.Data.Images} images ({report.Data.EncodedBytes / 1024.0 / 1024.0:0.0} MiB encoded) from {report.Data.Folder}; {report.Data.Skipped.Count} rejected");
        BenchmarkModel model = report.Model;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {model.Source} (version {model.Version}), input {model.Preprocessing.Width}x{model.Preprocessing.Height} {model.Preprocessing.ResizeMode}, "
            + $"preprocessing version {model.Preprocessing.Version}, {model.GflopPerImage:0.000} GFLOP per image");
        ComputeLimit limit = report.Limit;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Limit: {limit.Size}x{limit.Size} float32 matrix multiply on {limit.Threads} threads, this run: ONNX Runtime {limit.OnnxRuntimeGflops:0.0} GFLOP/s "
            + $"({limit.OnnxRuntimeGflopPerCpuSecond:0.0} per CPU-second), TorchSharp {limit.TorchSharpGflops:0.0} GFLOP/s ({limit.TorchSharpGflopPerCpuSecond:0.0} per CPU-second)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"'of limit' compares GFLOP/s with {limit.Gflops:0.0}; 'of limit per CPU' compares GFLOP per CPU-second with {limit.GflopPerCpuSecond:0.0}, which holds on a busy machine.");
        var table = new TextTable("hot path", "per", "ops", "images/s", "mean ms", "p50 ms", "p95 ms", "CPU ms/image", "GFLOP/s", "of limit", "of limit per CPU");
        foreach (BenchmarkFigure f in report.Figures())
        {
            table.Add(f.Name, f.ImagesPerOperation == 1 ? f.Unit : $"{f.Unit} of {f.ImagesPerOperation}", N(f.Operations), N(f.ImagesPerSecond, "0.0"),
                N(f.MeanMs, "0.00"), N(f.P50Ms, "0.00"), N(f.P95Ms, "0.00"), f.CpuMsPerImage is double cpu ? N(cpu, "0.00") : "-",
                f.Gflops is double g ? N(g, "0.0") : "-", f.FractionOfLimit is double p ? N(100 * p, "0") + " %" : "-",
                f.GflopPerCpuSecond is double perCpu ? N(100 * perCpu / limit.GflopPerCpuSecond, "0") + " %" : "-");
        }

        text.Append(table.ToString());
        return text.ToString();
    }

    public static string FormatServing(ServingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        AppendMachine(text, report.Machine);
        BenchmarkModel model = report.Model;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {model.Source} (version {model.Version}), input {model.Preprocessing.Width}x{model.Preprocessing.Height}, preprocessing version {model.Preprocessing.Version}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured pass: {report.Uploads} uploads ({report.Classified} classified, {report.Uploads - report.Classified} rejected; "
            + $"{report.Data.EncodedBytes / 1024.0 / report.Data.Images:0.0} KiB each on average), parallelism {report.Parallelism}, after a warm-up pass over the same photos");
        var table = new TextTable("per upload", "value");
        table.Add("wall time of the pass (s)", N(report.WallSeconds, "0.00"));
        table.Add("uploads/s (wall; inflated by other jobs on a shared machine)", N(report.UploadsPerSecond, "0.0"));
        table.Add("CPU of this process in the warm-up pass (fresh process: model load, JIT), ms", N(report.WarmUpCpuMsPerUpload, "0.00"));
        table.Add("CPU of this process, ms", N(report.ClassifierCpuMsPerUpload, "0.00"));
        table.Add("  decode + preprocess alone, ms", N(report.DecodeMsPerUpload, "0.00"));
        table.Add("  inference alone (batch 1), ms", N(report.InferenceMsPerUpload, "0.00"));
        table.Add("  the rest (storage client, record, scheduling, GC), ms", N(report.OtherMsPerUpload, "0.00"));
        table.Add("CPU over decode + preprocess + inference (target at most 2)", N(report.OverheadRatio, "0.00"));
        table.Add("CPU of the storage server, ms", report.StorageCpuMsPerUpload is double s ? N(s, "0.00") : "not measured (--storage-pid)");
        table.Add($"uploads/s the {report.Machine.ProcessorCount} processors sustain at these CPU costs", N(report.CpuBoundUploadsPerSecond, "0.0"));
        table.Add("storage requests", N(report.RequestsPerUpload, "0.00"));
        foreach (StorageRequestKind kind in report.Requests)
        {
            table.Add($"  {kind.Kind} (mean {kind.MeanMs:0.0} ms wall)", N(kind.Count / (double)report.Uploads, "0.000"));
        }

        text.Append(table.ToString());
        return text.ToString();
    }

    public static string FormatLargePhotos(LargePhotoReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        AppendMachine(text, report.Machine);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {report.Model.Source} (version {report.Model.Version}), input {report.Model.Preprocessing.Width}x{report.Model.Preprocessing.Height}; "
            + $"version 1 decodes with ImageSharp at full size, version 2 with libjpeg-turbo at 1/2, 1/4 or 1/8 size");
        text.AppendLine("Large photos: real photos enlarged (bicubic) with +-4 levels of noise, JPEG quality 90, 4:2:0. CPU ms hold on a busy machine; wall ms do not.");
        var table = new TextTable("photos", "KiB", "version", "preprocess CPU ms", "preprocess wall ms", "classify CPU ms", "classify wall ms", "peak memory growth MiB");
        foreach (LargePhotoFigure f in report.Figures)
        {
            table.Add(f.Width == 0 ? $"catalogue ({report.Data.Images})" : $"{f.Width}x{f.Height}", N(f.MeanEncodedBytes / 1024.0, "0"), N(f.PreprocessingVersion),
                N(f.Preprocess.CpuMsPerImage ?? double.NaN, "0.00"), N(f.Preprocess.MeanMs, "0.00"), N(f.Classify.CpuMsPerImage ?? double.NaN, "0.00"), N(f.Classify.MeanMs, "0.00"),
                f.PeakMemoryGrowthBytes is long bytes ? N(bytes / 1024.0 / 1024.0, "0.0") : "-");
        }

        text.Append(table.ToString());
        return text.ToString();
    }

    public static string FormatColdStart(ColdStartReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        AppendMachine(text, report.Machine);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Model: {report.Model.Source} (version {report.Model.Version}, {report.ModelBytes / 1024.0 / 1024.0:0.0} MiB), preprocessing version {report.Model.Preprocessing.Version}; "
            + $"median of {report.Runs.Count} cold starts, each in a fresh process (wall ms: inflated by other jobs on a shared machine)");
        ColdStartRun m = report.Median;
        var table = new TextTable("part", "wall ms", "process CPU ms");
        table.Add(".NET runtime start and command parsing (excluded from the target)", N(m.RuntimeStartMs, "0"), "-");
        table.Add("worker start-up through the protocol host", report.WorkerStartupMs is double w ? N(w, "0") : "not measured here (--worker-startup-ms)", "-");
        table.Add("first storage request (client, connection, SDK's first use)", N(m.FirstRequestMs, "0"), N(m.FirstRequestCpuMs, "0"));
        table.Add("model download: pointer, manifest, model (registry's SHA-256 included)", N(m.DownloadMs, "0"), "");
        table.Add("hash check (classifier's SHA-256)", N(m.HashCheckMs, "0"), "");
        table.Add("session creation (ONNX Runtime's load, graph optimisation, interface check)", N(m.SessionMs, "0"), "");
        table.Add("model provider, the rest", N(m.ModelOtherMs, "0"), "");
        table.Add("  the model's four parts together", N(m.DownloadMs + m.HashCheckMs + m.SessionMs + m.ModelOtherMs, "0"), N(m.ModelCpuMs, "0"));
        table.Add("first inference: decode + preprocess + inference", N(m.FirstInferenceMs, "0"), "");
        table.Add("first upload's storage: download, record state, record write", N(m.FirstUploadStorageMs, "0"), "");
        table.Add("  the first upload together", N(m.FirstInferenceMs + m.FirstUploadStorageMs, "0"), N(m.FirstUploadCpuMs, "0"));
        table.Add(report.WorkerStartupMs is null ? "total without the worker start-up (target under 1,000)" : "total (target under 1,000)",
            N(report.TotalMs, "0"), N(m.FirstRequestCpuMs + m.ModelCpuMs + m.FirstUploadCpuMs, "0"));
        table.Add("process CPU from process start (runtime start included)", "", N(m.ProcessCpuMs, "0"));
        text.Append(table.ToString());
        return text.ToString();
    }

    private static void AppendMachine(StringBuilder text, MachineFacts m) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {m.ProcessorCount} processors, {m.OperatingSystem} {m.Architecture}, {m.DotNet}, ONNX Runtime {m.OnnxRuntime}, TorchSharp {m.TorchSharp}");

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
