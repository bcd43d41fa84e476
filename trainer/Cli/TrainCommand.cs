using System.CommandLine;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Cli.Train;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Model;
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
        var architecture = new Option<string>("--architecture")
        {
            Description = "global-pool: conv blocks of --widths and global average pooling (default); reference: the reference study's network.",
            DefaultValueFactory = _ => "global-pool",
        };
        architecture.AcceptOnlyFromAmong("global-pool", "reference");
        var widths = new Option<string>("--widths")
        {
            Description = "global-pool: filters per block, comma-separated (one block each).",
            DefaultValueFactory = _ => string.Join(",", d.Network.Widths),
        };
        var convolutions = new Option<int>("--convs-per-block") { Description = "global-pool: 3x3 convolutions per block.", DefaultValueFactory = _ => d.Network.ConvolutionsPerBlock };
        var members = new Option<int>("--members")
        {
            Description = "global-pool: networks of --widths packed side by side and trained together, each on its own loss; their logits are averaged.",
            DefaultValueFactory = _ => d.Network.Members,
        };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (the one-cycle schedule spans exactly these).", DefaultValueFactory = _ => d.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => d.BatchSize };
        var learningRate = new Option<double>("--learning-rate") { Description = "Peak learning rate of the one-cycle schedule (AdamW).", DefaultValueFactory = _ => d.LearningRate };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW's decoupled weight decay.", DefaultValueFactory = _ => d.WeightDecay };
        var averageDecay = new Option<double>("--average-decay")
        {
            Description = "Per-step decay of a moving average of the weights that becomes the final model (0: the last weights).",
            DefaultValueFactory = _ => d.AverageDecay,
        };
        var mixup = new Option<double>("--mixup") { Description = "Mixup's Beta(alpha, alpha): blend each training image with another (0: off).", DefaultValueFactory = _ => d.MixupAlpha };
        var stem = new Option<bool>("--strided-stem") { Description = "global-pool: the first block is a stride-2 convolution instead of a convolution and a max-pool (faster)." };
        var labelSmoothing = new Option<double>("--label-smoothing") { Description = "Pull targets this far from 0 and 1.", DefaultValueFactory = _ => d.LabelSmoothing };
        var classBalance = new Option<double>("--class-balance")
        {
            Description = "0: every image once per epoch; up to 1: draw small classes more often (weight = class size^-balance).",
            DefaultValueFactory = _ => d.ClassBalance,
        };
        var flipAverage = new Option<bool>("--flip-average")
        {
            Description = "Score each image as the mean of it and its mirror image, in evaluation and serving (recorded in the model).",
            DefaultValueFactory = _ => d.FlipAverage,
        };
        var floor = new Option<float>("--uncertainty-floor")
        {
            Description = "A group (colour, garment) whose best score is below this is 'uncertain' and names no label (0: never).",
            DefaultValueFactory = _ => TrainRequest.DefaultUncertaintyFloor,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, initialisation, batch order and augmentation.", DefaultValueFactory = _ => d.Seed };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without augmentation (rotation, shift, zoom, flip)." };
        var zoom = new Option<double>("--zoom")
        {
            Description = "Augmentation: one zoom factor for both axes drawn from 1 +/- this, so a garment's height/width ratio is kept.",
            DefaultValueFactory = _ => AugmentationOptions.Default.MaxZoom,
        };
        var shift = new Option<double>("--shift")
        {
            Description = "Augmentation: horizontal and vertical shift drawn from +/- this fraction of the input side.",
            DefaultValueFactory = _ => AugmentationOptions.Default.MaxShift,
        };
        var erase = new Option<double>("--erase")
        {
            Description = "Augmentation: probability that an image gets one random rectangle (2-20 % of its area) replaced by noise.",
            DefaultValueFactory = _ => AugmentationOptions.Default.EraseProbability,
        };
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
            DefaultValueFactory = _ => PreprocessingSpec.NewModelVersion,
        };
        preprocessingVersion.AcceptOnlyFromAmong([.. PreprocessingSpec.SupportedVersions.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var size = new Option<int>("--size") { Description = $"Input side in pixels: a multiple of 2 to the number of blocks ({1 << d.Network.Widths.Count} for the default --widths).", DefaultValueFactory = _ => 96 };
        var valFraction = new Option<double>("--val-fraction")
        {
            Description = "Share of each class held out and watched every epoch (0: train on everything, the default).",
            DefaultValueFactory = _ => SplitFractions.Default.Validation,
        };
        var testFraction = new Option<double>("--test-fraction")
        {
            Description = "Share of each class held out and scored once at the end (0: train on everything, the default).",
            DefaultValueFactory = _ => SplitFractions.Default.Test,
        };
        var minImages = new Option<int>("--min-images-per-class") { Description = "A class with fewer readable images is an error.", DefaultValueFactory = _ => DataLoadingOptions.Default.MinImagesPerClass };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: every processor)." };
        var publish = new Option<bool>("--publish") { Description = "Publish model, manifest and report to the registry, and promote through the gate." };
        var force = new Option<bool>("--force") { Description = "With --publish: promote even when the gate would refuse." };
        var withFeedback = new Option<bool>("--with-feedback")
        {
            Description = "Also train on the uploads reviewers labelled (metrics/feedback), each under its reviewed class; recorded in the manifest's reviewedUploads.",
        };
        var evaluationContainer = new Option<string?>("--evaluation-container")
        {
            Description = "Gate's labelled container (default: evaluation); when empty or missing the run's test split is used.",
        };
        var command = new Command("train", "Train a network on a labelled folder or container; write model.onnx, manifest.json, report/ and training.jsonl; optionally publish and promote.")
        {
            data, container, prefix, output, architecture, widths, convolutions, members, epochs, batchSize, learningRate, weightDecay, averageDecay,
            labelSmoothing, mixup, stem, classBalance, flipAverage, floor, seed, noAugment, zoom, shift, erase, resize, preprocessingVersion, size,
            valFraction, testFraction, minImages, threads, publish, force, evaluationContainer, withFeedback,
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
            if (side < 8)
            {
                throw new CliFailure(ExitCodes.Usage, $"--size must be at least 8; got {side}.");
            }

            double validation = parse.GetValue(valFraction), test = parse.GetValue(testFraction);
            var network = d.Network with
            {
                Architecture = parse.GetValue(architecture) == "reference" ? NetworkArchitecture.Reference : NetworkArchitecture.GlobalPool,
                Widths = ParseWidths(parse.GetValue(widths)!),
                ConvolutionsPerBlock = parse.GetValue(convolutions),
                StridedStem = parse.GetValue(stem),
                Members = parse.GetValue(members),
            };
            var request = new TrainRequest
            {
                DataFolder = folder,
                Container = containerName,
                Prefix = parse.GetValue(prefix),
                WithFeedback = parse.GetValue(withFeedback),
                OutputFolder = Path.GetFullPath(parse.GetRequiredValue(output)),
                Training = Validated(d with
                {
                    Network = network,
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batchSize),
                    LearningRate = parse.GetValue(learningRate),
                    WeightDecay = parse.GetValue(weightDecay),
                    AverageDecay = parse.GetValue(averageDecay),
                    LabelSmoothing = parse.GetValue(labelSmoothing),
                    MixupAlpha = parse.GetValue(mixup),
                    ClassBalance = parse.GetValue(classBalance),
                    FlipAverage = parse.GetValue(flipAverage),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    Augmentation = parse.GetValue(noAugment) ? AugmentationOptions.Disabled : AugmentationOptions.Default with { MaxZoom = parse.GetValue(zoom), MaxShift = parse.GetValue(shift), EraseProbability = parse.GetValue(erase) },
                }, side),
                Preprocessing = PreprocessingSpec.Default with
                {
                    Version = parse.GetValue(preprocessingVersion),
                    Width = side,
                    Height = side,
                    ResizeMode = parse.GetValue(resize) == "pad" ? ResizeMode.PadToSquare : ResizeMode.Stretch,
                },
                Split = Validated(new SplitFractions(1 - validation - test, validation, test)),
                Loading = DataLoadingOptions.Default with { MinImagesPerClass = parse.GetValue(minImages) },
                UncertaintyFloor = parse.GetValue(floor) is >= 0 and < 1 and var f
                    ? f
                    : throw new CliFailure(ExitCodes.Usage, $"--uncertainty-floor must be in [0, 1); got {parse.GetValue(floor)}."),
                Publish = parse.GetValue(publish),
                Force = parse.GetValue(force),
                EvaluationContainer = parse.GetValue(evaluationContainer) ?? context.Layout.Evaluation,
            };
            if (request.Loading.MinImagesPerClass < 3)
            {
                throw new CliFailure(ExitCodes.Usage, "--min-images-per-class must be at least 3 (a class may need training, validation and test images).");
            }

            return await new TrainRun(context, request).ExecuteAsync(cancellationToken);
        });
        return command;
    }

    internal static List<int> ParseWidths(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var widths = new List<int>(parts.Length);
        foreach (string part in parts)
        {
            widths.Add(int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int width) && width > 0
                ? width
                : throw new CliFailure(ExitCodes.Usage, $"--widths must be positive whole numbers separated by commas, such as 32,64,128,256,256; got '{text}'."));
        }

        return widths.Count > 0 ? widths : throw new CliFailure(ExitCodes.Usage, "--widths needs at least one block.");
    }

    private static TrainingOptions Validated(TrainingOptions options, int inputSize)
    {
        try
        {
            options.Validate(inputSize);
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
