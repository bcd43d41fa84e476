using System.CommandLine;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Cli.Train;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>train</c>: trains, scores, exports and (with --publish) publishes a model through the promotion gate.</summary>
internal static class TrainCommand
{
    public static Command Create(CliSettings settings)
    {
        TrainingOptions d = TrainingOptions.Default;
        var data = new Option<string?>("--data") { Description = "Local folder of <colour>_<garment>/<image> class folders." };
        var container = new Option<string?>("--container") { Description = "Blob container of <colour>_<garment>/<image> blobs (instead of --data)." };
        var prefix = new Option<string?>("--prefix") { Description = "Blob prefix inside --container." };
        var output = new Option<string>("--output", "-o") { Description = "Output folder: model.onnx, manifest.json, report/, training.jsonl.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs (early stopping may end sooner).", DefaultValueFactory = _ => d.MaxEpochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => d.BatchSize };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's initial learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var patience = new Option<int>("--patience") { Description = "Early stopping: epochs without a lower validation loss.", DefaultValueFactory = _ => d.EarlyStoppingPatience };
        var warmup = new Option<int>("--warmup-epochs")
        {
            Description = "First epochs that early stopping and the learning-rate plateau do not watch (an untrained network's loss is misleadingly low).",
            DefaultValueFactory = _ => d.WarmupEpochs,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, initialisation, batch order and augmentation.", DefaultValueFactory = _ => d.Seed };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without augmentation (rotation, shift, zoom, flip)." };
        var resize = new Option<string>("--resize")
        {
            // pad measured 2.4 macro-F1 points above stretch on the real photos (README, Results).
            Description = "How images are fitted to the square input: pad keeps the aspect ratio (white borders), stretch distorts it as the reference study did.",
            DefaultValueFactory = _ => "pad",
        };
        resize.AcceptOnlyFromAmong("stretch", "pad");
        var preprocessingVersion = new Option<int>("--preprocessing-version")
        {
            Description = "Image decoding, recorded in the manifest and used wherever the model serves: 1 decodes every image at full size with ImageSharp; "
                + "2 decodes JPEG with libjpeg-turbo at 1/2, 1/4 or 1/8 size (never below --size), several times faster on large photos.",
            DefaultValueFactory = _ => PreprocessingSpec.FullDecodeVersion,
        };
        preprocessingVersion.AcceptOnlyFromAmong([.. PreprocessingSpec.SupportedVersions.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var size = new Option<int>("--size") { Description = "Input side in pixels (a multiple of 8).", DefaultValueFactory = _ => 96 };
        var valFraction = new Option<double>("--val-fraction") { Description = "Share of each class for validation.", DefaultValueFactory = _ => 0.15 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of each class for the test split (0 for none).", DefaultValueFactory = _ => 0.15 };
        var minImages = new Option<int>("--min-images-per-class") { Description = "A class with fewer readable images is an error.", DefaultValueFactory = _ => DataLoadingOptions.Default.MinImagesPerClass };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: every processor)." };
        var publish = new Option<bool>("--publish") { Description = "Publish model, manifest and report to the registry, and promote through the gate." };
        var force = new Option<bool>("--force") { Description = "With --publish: promote even when the gate would refuse." };
        var evaluationContainer = new Option<string?>("--evaluation-container")
        {
            Description = "Gate's labelled container (default: evaluation); when empty or missing the run's test split is used.",
        };
        var command = new Command("train", "Train the reference CNN on a labelled folder or container; write model.onnx, manifest.json, report/ and training.jsonl; optionally publish and promote.")
        {
            data, container, prefix, output, epochs, batchSize, learningRate, patience, warmup, seed, noAugment, resize, preprocessingVersion, size,
            valFraction, testFraction, minImages, threads, publish, force, evaluationContainer,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            string? folder = parse.GetValue(data), containerName = parse.GetValue(container);
            if ((folder is null) == (containerName is null))
            {
                throw new CliFailure(ExitCodes.Usage, "Give the training data as either --data <folder> or --container <name>.");
            }

            if (parse.GetValue(force) && !parse.GetValue(publish))
            {
                throw new CliFailure(ExitCodes.Usage, "--force only applies with --publish.");
            }

            int side = parse.GetValue(size);
            if (side < 8 || side % 8 != 0)
            {
                throw new CliFailure(ExitCodes.Usage, $"--size must be a positive multiple of 8 (three 2x2 poolings); got {side}.");
            }

            double validation = parse.GetValue(valFraction), test = parse.GetValue(testFraction);
            var request = new TrainRequest
            {
                DataFolder = folder,
                Container = containerName,
                Prefix = parse.GetValue(prefix),
                OutputFolder = Path.GetFullPath(parse.GetRequiredValue(output)),
                Training = Validated(d with
                {
                    MaxEpochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batchSize),
                    LearningRate = parse.GetValue(learningRate),
                    EarlyStoppingPatience = parse.GetValue(patience),
                    WarmupEpochs = parse.GetValue(warmup),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    Augmentation = parse.GetValue(noAugment) ? AugmentationOptions.Disabled : AugmentationOptions.Default,
                }),
                Preprocessing = PreprocessingSpec.Default with
                {
                    Version = parse.GetValue(preprocessingVersion),
                    Width = side,
                    Height = side,
                    ResizeMode = parse.GetValue(resize) == "pad" ? ResizeMode.PadToSquare : ResizeMode.Stretch,
                },
                Split = Validated(new SplitFractions(1 - validation - test, validation, test)),
                Loading = DataLoadingOptions.Default with { MinImagesPerClass = parse.GetValue(minImages) },
                Publish = parse.GetValue(publish),
                Force = parse.GetValue(force),
                EvaluationContainer = parse.GetValue(evaluationContainer) ?? context.Layout.Evaluation,
            };
            if (request.Loading.MinImagesPerClass < 3)
            {
                throw new CliFailure(ExitCodes.Usage, "--min-images-per-class must be at least 3 (each class needs train, validation and test images).");
            }

            return await new TrainRun(context, request).ExecuteAsync(cancellationToken);
        });
        return command;
    }

    private static TrainingOptions Validated(TrainingOptions options)
    {
        try
        {
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ExitCodes.Usage, $"Invalid training option: {ex.Message}", ex);
        }
    }

    private static SplitFractions Validated(SplitFractions fractions)
    {
        try
        {
            fractions.Validate();
            return fractions;
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ExitCodes.Usage, $"--val-fraction and --test-fraction: {ex.Message}", ex);
        }
    }
}
