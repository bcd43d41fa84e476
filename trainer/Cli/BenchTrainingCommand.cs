using System.CommandLine;
using System.Globalization;
using System.Text;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Benchmarks;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Model;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// <c>bench training</c>: the training step of a network against the machine's limit, and the time of each phase
/// (gather, augment, forward, backward, update), so time that is not compute shows.
/// </summary>
internal static class BenchTrainingCommand
{
    public static Command Create(CliSettings settings)
    {
        Option<string> data = BenchInputs.DataOption();
        var images = new Option<int>("--images") { Description = "Images read into memory to draw batches from.", DefaultValueFactory = _ => 512 };
        var steps = new Option<int>("--steps") { Description = "Timed steps (after two warm-up steps).", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => TrainingOptions.Default.BatchSize };
        var architecture = new Option<string>("--architecture") { Description = "global-pool (default) or reference.", DefaultValueFactory = _ => "global-pool" };
        architecture.AcceptOnlyFromAmong("global-pool", "reference");
        var stem = new Option<bool>("--strided-stem") { Description = "global-pool: a stride-2 first block instead of a convolution and a max-pool." };
        var widths = new Option<string?>("--widths") { Description = "global-pool: filters per block, comma-separated (default: the training default)." };
        var members = new Option<int>("--members") { Description = "global-pool: networks packed side by side (a packed ensemble).", DefaultValueFactory = _ => NetworkOptions.Default.Members };
        Option<string?> output = BenchCommand.OutputOption();
        var command = new Command("training", "Measure a training step against the machine's limit, and the time of each phase: gather, augment, forward, backward, optimiser update.")
        {
            data, images, steps, batch, architecture, stem, widths, members, output,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            if (parse.GetValue(steps) < 1 || parse.GetValue(batch) < 2 || parse.GetValue(images) < 1)
            {
                throw new CliFailure(ExitCodes.Usage, "--steps must be at least 1, --batch-size at least 2 and --images at least 1.");
            }

            string folder = Path.GetFullPath(parse.GetRequiredValue(data));
            if (!Directory.Exists(folder))
            {
                throw new CliFailure(ExitCodes.Data, $"The data folder '{folder}' does not exist; give --data a folder of <colour>_<garment> image folders.");
            }

            PreprocessingSpec spec = PreprocessingSpec.Default with { ResizeMode = ResizeMode.PadToSquare };
            context.Info($"Reading up to {parse.GetValue(images)} images from {folder} ...");
            BenchmarkImageSet set = await BenchmarkImageSet.LoadAsync(new FolderImageSource(folder), new ImagePreprocessor(spec), parse.GetValue(images), cancellationToken);
            NetworkOptions network = NetworkOptions.Default with
            {
                Architecture = parse.GetValue(architecture) == "reference" ? NetworkArchitecture.Reference : NetworkArchitecture.GlobalPool,
                StridedStem = parse.GetValue(stem),
                Widths = parse.GetValue(widths) is { } given ? TrainCommand.ParseWidths(given) : NetworkOptions.Default.Widths,
                Members = parse.GetValue(members),
            };
            double forwardGflop = ForwardGflopPerImage(network, set, spec);

            context.Info("Measuring the limit: a 2048x2048 float32 matrix multiply ...");
            ComputeLimit limit = MatrixMultiplyLimit.Measure(2048, repetitions: 5, cancellationToken);
            context.Info($"Timing {parse.GetValue(steps)} training steps of {network.Describe()} ...");
            var clock = new StepPhaseClock();
            BenchmarkFigure step = TrainingStepBenchmark.Run(set, spec.Width, parse.GetValue(batch), network, new OperationTimer(parse.GetValue(steps), null, 2), clock, cancellationToken)
                .WithCompute(3 * forwardGflop, limit);
            double total = clock.Seconds.Sum();
            TrainingPhase[] phases = [.. StepPhaseClock.PhaseNames.Zip(clock.Seconds, (name, seconds) => new TrainingPhase(name, seconds * 1000 / clock.Steps, seconds / total))];
            var report = new TrainingPhaseReport(DateTimeOffset.UtcNow, MachineFacts.Current(), network.Describe(), parse.GetValue(batch), forwardGflop, step, limit, phases);
            context.Result(Format(report));
            context.Event("bench_training", report);
            await BenchCommand.WriteJsonAsync(context, parse.GetValue(output), report, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static double ForwardGflopPerImage(NetworkOptions network, BenchmarkImageSet set, PreprocessingSpec spec)
    {
        using ApparelNetwork model = network.Create(set.Schema.Count, spec.Width);
        model.eval();
        OnnxExport export = OnnxExporter.Export(model, new Dictionary<string, string>());
        var manifest = new ModelManifest
        {
            Version = "bench",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Labels = set.Schema.Labels,
            Groups = set.Schema.Groups.ToDictionary(g => g.Name, g => g.Labels, StringComparer.Ordinal),
            Preprocessing = spec,
            Decision = new DecisionRule(),
            Onnx = export.Info,
            Sha256 = export.Sha256,
        };
        return ModelComputeCost.GflopPerImage(export.Model, manifest);
    }

    internal static string Format(TrainingPhaseReport report)
    {
        var text = new StringBuilder();
        BenchmarkFigure s = report.Step;
        text.AppendLine(CultureInfo.InvariantCulture, $"Training step, batch {report.BatchSize}, {report.Network}: {report.ForwardGflopPerImage:0.000} GFLOP per image forward, about {3 * report.ForwardGflopPerImage:0.000} forward + backward.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Limit: {report.Limit.Gflops:0} GFLOP/s (a {report.Limit.Size}x{report.Limit.Size} float32 matrix multiply on {report.Limit.Threads} threads, this run).");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Step: {s.MeanMs:0} ms mean, {s.ImagesPerSecond:0.0} images/s, {s.Gflops:0.0} GFLOP/s = {s.FractionOfLimit:0%} of the limit; {s.CpuMsPerImage:0.00} CPU ms per image, {s.GflopPerCpuSecond:0.0} GFLOP per CPU-second ({s.GflopPerCpuSecond / report.Limit.GflopPerCpuSecond:0%} of the limit's).");
        var table = new TextTable("phase", "ms per step", "share");
        foreach (TrainingPhase phase in report.Phases)
        {
            table.Add(phase.Name, phase.MsPerStep.ToString("0.0", CultureInfo.InvariantCulture), phase.Share.ToString("0.0%", CultureInfo.InvariantCulture));
        }

        text.Append(table.ToString());
        return text.ToString();
    }
}
