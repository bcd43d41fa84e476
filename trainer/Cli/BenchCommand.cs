using System.CommandLine;
using System.Globalization;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Benchmarks;
using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>bench</c>: measures the hot paths (preprocess, inference, classify a photo, a training step) and records the figures.</summary>
internal static class BenchCommand
{
    public static Command Create(CliSettings settings)
    {
        Option<string> data = BenchInputs.DataOption();
        Option<string?> model = BenchInputs.ModelOption();
        var images = new Option<int>("--images") { Description = "Images to read (round-robin over the class folders).", DefaultValueFactory = _ => 500 };
        var batchSizes = new Option<string>("--batch-sizes") { Description = "Comma-separated inference batch sizes.", DefaultValueFactory = _ => "1,16,64" };
        var seconds = new Option<double?>("--seconds") { Description = "Repeat each measurement until at least this many seconds have passed (default: one pass over the images)." };
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps (after one warm-up step).", DefaultValueFactory = _ => 5 };
        var trainBatch = new Option<int>("--train-batch") { Description = "Training step batch size.", DefaultValueFactory = _ => 64 };
        Option<string?> output = OutputOption();
        var limitSize = new Option<int>("--limit-size") { Description = "Side of the square float32 matrix multiply that measures the machine's limit.", DefaultValueFactory = _ => 2048 };
        Option<int?> preprocessingVersion = BenchInputs.PreprocessingVersionOption();
        var spinning = new Option<bool>("--ort-spinning")
        {
            Description = "Let ONNX Runtime's threads spin while they wait (its own default; the classifier turns it off) to compare the two.",
        };
        var command = new Command("bench", "Measure preprocessing, inference, end-to-end classification and training-step throughput; print a table and write JSON.")
        {
            data, model, images, batchSizes, seconds, trainSteps, trainBatch, output, limitSize, preprocessingVersion, spinning,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            BenchmarkSettings bench = ReadSettings(parse.GetValue(images), parse.GetRequiredValue(batchSizes), parse.GetValue(seconds),
                parse.GetValue(trainSteps), parse.GetValue(trainBatch));
            if (parse.GetValue(limitSize) < 64)
            {
                throw new CliFailure(ExitCodes.Usage, "--limit-size must be at least 64.");
            }

            using BenchInputs inputs = await BenchInputs.LoadAsync(context, parse.GetRequiredValue(data), parse.GetValue(model), parse.GetValue(preprocessingVersion),
                bench.Images, cancellationToken);
            PreprocessingSpec spec = inputs.Manifest.Preprocessing;
            if (spec.Width != spec.Height || spec.Width % 8 != 0)
            {
                throw new CliFailure(ExitCodes.Model, $"The training-step figure needs a square input with a side divisible by 8; the model's is {spec.Width}x{spec.Height}.");
            }

            BenchmarkImageSet set = inputs.Images;
            var preprocessor = new ImagePreprocessor(spec);
            double gflopPerImage = inputs.Facts.GflopPerImage;
            using OnnxClassifier classifier = OnnxClassifier.Load(inputs.OnnxModel, inputs.Manifest,
                OnnxClassifierOptions.Default with { AllowSpinning = parse.GetValue(spinning) });

            context.Info($"Measuring the limit: a {parse.GetValue(limitSize)}x{parse.GetValue(limitSize)} float32 matrix multiply ...");
            ComputeLimit limit = MatrixMultiplyLimit.Measure(parse.GetValue(limitSize), repetitions: 5, cancellationToken);
            var timer = new OperationTimer(1, bench.MinimumDuration, 0);
            context.Info($"Measuring preprocessing on {set.Count} images ...");
            IReadOnlyList<BenchmarkFigure> preprocess = PreprocessBenchmark.Run(preprocessor, set, timer, cancellationToken);
            context.Info($"Measuring inference (batch sizes {string.Join(',', bench.BatchSizes)}) ...");
            IReadOnlyList<BenchmarkFigure> inference = [.. InferenceBenchmark.Run(classifier, set, bench.BatchSizes, timer, cancellationToken)
                .Select(f => f.WithCompute(gflopPerImage, limit))];
            BenchmarkFigure endToEnd = InferenceBenchmark.RunEndToEnd(classifier, set, timer, cancellationToken).WithCompute(gflopPerImage, limit);
            context.Info($"Measuring {bench.TrainingSteps} training steps of batch {bench.TrainingBatchSize} ...");
            BenchmarkFigure training = TrainingStepBenchmark.Run(set, spec.Width, bench.TrainingBatchSize, timer.WithOperations(bench.TrainingSteps, 1), cancellationToken);

            var report = new BenchmarkReport(DateTimeOffset.UtcNow, MachineFacts.Current(),
                inputs.Data, inputs.Facts, limit,
                preprocess, inference, endToEnd, training);
            if (set.Skipped.Count > 0)
            {
                context.Result(MetricsPrinter.FormatSkipped(set.Skipped, "files rejected by the preprocessor (not measured):"));
            }

            context.Result(BenchTable.Format(report));
            context.Event("bench", new { figures = report.Figures(), report.Machine });
            await WriteJsonAsync(context, parse.GetValue(output), report, cancellationToken);
            return ExitCodes.Success;
        });
        command.Subcommands.Add(BenchServingCommand.Create(settings));
        command.Subcommands.Add(BenchLargePhotosCommand.Create(settings));
        command.Subcommands.Add(BenchColdStartCommand.Create(settings));
        command.Subcommands.Add(BenchTrainingCommand.Create(settings));
        return command;
    }

    /// <summary>The <c>--output</c> option every mode takes.</summary>
    internal static Option<string?> OutputOption() => new("--output", "-o") { Description = "Write the figures and the machine facts as JSON to this file." };

    /// <summary>Writes a mode's report as JSON to <paramref name="path"/>, when one was given.</summary>
    internal static async Task WriteJsonAsync<T>(CliContext context, string? path, T report, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return;
        }

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllBytesAsync(path, ManifestJson.SerializeToUtf8Bytes(report), cancellationToken);
        context.Info($"Figures written to {Path.GetFullPath(path)}");
    }

    private static BenchmarkSettings ReadSettings(int images, string batchSizes, double? seconds, int trainSteps, int trainBatch)
    {
        string[] parts = batchSizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int[] sizes = [.. parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= 1
            ? size
            : throw new CliFailure(ExitCodes.Usage, $"--batch-sizes takes positive whole numbers separated by commas; '{p}' is not one."))];
        if (sizes.Length == 0 || images < 1 || trainSteps < 1 || trainBatch < 1 || seconds is <= 0 or double.NaN)
        {
            throw new CliFailure(ExitCodes.Usage, "--images, --train-steps, --train-batch and --seconds must be positive, and --batch-sizes must name at least one size.");
        }

        return new BenchmarkSettings
        {
            Images = images,
            BatchSizes = sizes,
            MinimumDuration = seconds is double s ? TimeSpan.FromSeconds(s) : null,
            TrainingSteps = trainSteps,
            TrainingBatchSize = trainBatch,
        };
    }
}
