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
        var data = new Option<string>("--data") { Description = "A folder of <colour>_<garment>/ image folders to measure on.", Required = true };
        var model = new Option<string?>("--model")
        {
            Description = "A model.onnx (manifest.json beside it) or its folder. Default: a freshly initialised reference CNN exported to a temp folder.",
        };
        var images = new Option<int>("--images") { Description = "Images to read (round-robin over the class folders).", DefaultValueFactory = _ => 500 };
        var batchSizes = new Option<string>("--batch-sizes") { Description = "Comma-separated inference batch sizes.", DefaultValueFactory = _ => "1,16,64" };
        var seconds = new Option<double?>("--seconds") { Description = "Repeat each measurement until at least this many seconds have passed (default: one pass over the images)." };
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps (after one warm-up step).", DefaultValueFactory = _ => 5 };
        var trainBatch = new Option<int>("--train-batch") { Description = "Training step batch size.", DefaultValueFactory = _ => 64 };
        var output = new Option<string?>("--output", "-o") { Description = "Write the figures and the machine facts as JSON to this file." };
        var command = new Command("bench", "Measure preprocessing, inference, end-to-end classification and training-step throughput; print a table and write JSON. "
            + "'bench timer' times the scheduled evaluation on live traffic instead.")
        {
            data, model, images, batchSizes, seconds, trainSteps, trainBatch, output,
        };
        command.Subcommands.Add(TimerBenchCommand.Create(settings));
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            BenchmarkSettings bench = ReadSettings(parse.GetValue(images), parse.GetRequiredValue(batchSizes), parse.GetValue(seconds),
                parse.GetValue(trainSteps), parse.GetValue(trainBatch));
            string folder = Path.GetFullPath(parse.GetRequiredValue(data));
            if (!Directory.Exists(folder))
            {
                throw new CliFailure(ExitCodes.Data, $"The data folder '{folder}' does not exist; give --data a folder of <colour>_<garment> image folders.");
            }

            ModelDirectory? given = parse.GetValue(model) is string modelPath ? await ModelDirectory.ReadAsync(modelPath, cancellationToken) : null;
            PreprocessingSpec spec = given?.Manifest.Preprocessing ?? PreprocessingSpec.Default;
            if (spec.Width != spec.Height || spec.Width % 8 != 0)
            {
                throw new CliFailure(ExitCodes.Model, $"The training-step figure needs a square input with a side divisible by 8; the model's is {spec.Width}x{spec.Height}.");
            }

            var preprocessor = new ImagePreprocessor(spec);
            context.Info($"Reading up to {bench.Images} images from {folder} ...");
            BenchmarkImageSet set = await BenchmarkImageSet.LoadAsync(new FolderImageSource(folder), preprocessor, bench.Images, cancellationToken);

            using UntrainedReferenceModel? untrained = given is null ? UntrainedReferenceModel.Export(set.Schema, spec) : null;
            BenchmarkModel modelFacts = given is not null
                ? new BenchmarkModel(Path.Combine(given.Folder, ModelDirectory.ModelFileName), given.Manifest.Version, spec, Untrained: false)
                : new BenchmarkModel($"untrained reference CNN exported to {untrained!.Folder} (no --model given; deleted afterwards)", untrained.Manifest.Version, spec, Untrained: true);
            context.Info($"Model: {modelFacts.Source}");
            using OnnxClassifier classifier = given is not null ? OnnxClassifier.Load(given.OnnxModel, given.Manifest) : untrained!.Load();

            var timer = new OperationTimer(1, bench.MinimumDuration, 0);
            context.Info($"Measuring preprocessing on {set.Count} images ...");
            IReadOnlyList<BenchmarkFigure> preprocess = PreprocessBenchmark.Run(preprocessor, set, timer, cancellationToken);
            context.Info($"Measuring inference (batch sizes {string.Join(',', bench.BatchSizes)}) ...");
            IReadOnlyList<BenchmarkFigure> inference = InferenceBenchmark.Run(classifier, set, bench.BatchSizes, timer, cancellationToken);
            BenchmarkFigure endToEnd = InferenceBenchmark.RunEndToEnd(classifier, set, timer, cancellationToken);
            context.Info($"Measuring {bench.TrainingSteps} training steps of batch {bench.TrainingBatchSize} ...");
            BenchmarkFigure training = TrainingStepBenchmark.Run(set, spec.Width, bench.TrainingBatchSize, timer.WithOperations(bench.TrainingSteps, 1), cancellationToken);

            var report = new BenchmarkReport(DateTimeOffset.UtcNow, MachineFacts.Current(),
                new BenchmarkData(folder, set.Count, set.EncodedBytes, set.Skipped), modelFacts,
                preprocess, inference, endToEnd, training);
            if (set.Skipped.Count > 0)
            {
                context.Result(MetricsPrinter.FormatSkipped(set.Skipped, "files rejected by the preprocessor (not measured):"));
            }

            context.Result(BenchTable.Format(report));
            context.Event("bench", new { figures = report.Figures(), report.Machine });
            if (parse.GetValue(output) is string path)
            {
                string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                await File.WriteAllBytesAsync(path, ManifestJson.SerializeToUtf8Bytes(report), cancellationToken);
                context.Info($"Figures written to {Path.GetFullPath(path)}");
            }

            return ExitCodes.Success;
        });
        return command;
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
