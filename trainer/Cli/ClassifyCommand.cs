using System.CommandLine;
using System.Globalization;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// <c>classify</c>: labels local images with a model, or runs the blob function's own code over every upload of a
/// container and writes the same prediction records (backfill, and the demo without Functions Core Tools).
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create(CliSettings settings)
    {
        var path = new Argument<string?>("path") { Description = "An image file or a folder of images.", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model") { Description = "A local model.onnx (manifest.json beside it); no storage needed." };
        var version = new Option<string?>("--version") { Description = "A published registry version. Default: the current model." };
        var container = new Option<string?>("--container")
        {
            Description = "Classify every blob of this uploads container with the blob function's code, writing predictions/<blob>.json (idempotent).",
        };
        var prefix = new Option<string?>("--prefix") { Description = "Only blobs under this prefix of --container." };
        var parallelism = new Option<int>("--parallelism") { Description = "Uploads classified at once with --container.", DefaultValueFactory = _ => UploadBackfill.DefaultParallelism };
        var command = new Command("classify", "Label an image, a folder of images, or every upload in a container (writing prediction records).")
        {
            path, model, version, container, prefix, parallelism,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            string? target = parse.GetValue(path);
            string? containerName = parse.GetValue(container);
            if ((target is null) == (containerName is null))
            {
                throw new CliFailure(ExitCodes.Usage, "Give either a file or folder to classify, or --container, not both.");
            }

            if (containerName is not null)
            {
                if (parse.GetValue(model) is not null || parse.GetValue(version) is not null)
                {
                    throw new CliFailure(ExitCodes.Usage, "--container classifies with the current model, as the blob function does; it takes no --model or --version.");
                }

                return await ClassifyContainerAsync(context, containerName, parse.GetValue(prefix), parse.GetValue(parallelism), cancellationToken);
            }

            using OnnxClassifier classifier = await ModelSelection.LoadAsync(context, parse.GetValue(model), parse.GetValue(version), cancellationToken);
            return await ClassifyLocalAsync(context, classifier, target!, cancellationToken);
        }, parse => TrainerHost.Container(nameof(BlobLayoutOptions.Uploads), parse.GetValue(container)));
        return command;
    }

    private static async Task<int> ClassifyLocalAsync(CliContext context, OnnxClassifier classifier, string target, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(target);
        bool single = File.Exists(full);
        if (!single && !Directory.Exists(full))
        {
            throw new CliFailure(ExitCodes.Data, $"'{full}' is neither a file nor a folder.");
        }

        string[] files = single ? [full] : [.. Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        var table = new TextTable("file", "outcome", "colour", "garment", "labels", "model");
        int rejected = 0;
        var outcomes = new SortedDictionary<string, (int Files, int Uncertain, int Rejected)>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            string name = single ? Path.GetFileName(file) : Path.GetRelativePath(full, file).Replace('\\', '/');
            try
            {
                Prediction prediction = classifier.ClassifyImage(await File.ReadAllBytesAsync(file, cancellationToken));
                string outcome = prediction.IsUncertain ? PredictionStatus.Uncertain : PredictionStatus.Classified;
                table.Add(name, outcome, Group(prediction, "colour"), Group(prediction, "garment"), string.Join(',', prediction.Labels), prediction.ModelVersion);
                Count(outcomes, name, uncertain: prediction.IsUncertain, rejected: false);
                context.Event("classified", new { file = name, outcome, prediction.Labels, prediction.Scores, prediction.ModelVersion });
            }
            catch (ImageRejectedException ex)
            {
                rejected++;
                Count(outcomes, name, uncertain: false, rejected: true);
                table.Add(name, PredictionStatus.Rejected, ex.ReasonCode, "", ex.Message, classifier.Manifest.Version);
                context.Event("rejected", new { file = name, reason = ex.ReasonCode, ex.Message });
                if (single)
                {
                    throw;
                }
            }
        }

        context.Result(table.ToString());
        int uncertain = outcomes.Values.Sum(o => o.Uncertain);
        context.Info($"{files.Length - rejected - uncertain} classified, {uncertain} uncertain, {rejected} rejected, model {classifier.Manifest.Version}.");
        if (outcomes.Count > 1)
        {
            // Per top folder, so a folder of photos that are not in the label set shows how many the model doubted.
            context.Result(string.Join(Environment.NewLine, outcomes.Select(o =>
                $"  {o.Key}: {o.Value.Files} files, {o.Value.Uncertain} uncertain, {o.Value.Rejected} rejected")));
        }

        return ExitCodes.Success;
    }

    private static void Count(SortedDictionary<string, (int Files, int Uncertain, int Rejected)> outcomes, string name, bool uncertain, bool rejected)
    {
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        string folder = slash < 0 ? "." : name[..slash];
        (int files, int doubted, int refused) = outcomes.GetValueOrDefault(folder);
        outcomes[folder] = (files + 1, doubted + (uncertain ? 1 : 0), refused + (rejected ? 1 : 0));
    }

    private static async Task<int> ClassifyContainerAsync(CliContext context, string containerName, string? prefix, int parallelism, CancellationToken cancellationToken)
    {
        if (parallelism < 1)
        {
            throw new CliFailure(ExitCodes.Usage, "--parallelism must be at least 1.");
        }

        UploadBackfill backfill = context.Get<UploadBackfill>();
        CurrentModelProvider models = context.Get<CurrentModelProvider>();
        context.Info($"Classifying every upload in container '{containerName}'{(prefix is null ? "" : $" under '{prefix}'")} with the blob function's code ...");
        ContainerClassificationSummary summary = await backfill.ClassifyContainerAsync(prefix, parallelism, cancellationToken);
        context.Result($"{summary.Classified} classified, {summary.Rejected} rejected, {summary.Duplicates} already had a record from this model, "
            + $"{summary.SourceMissing} vanished, {summary.Failures.Count} failed; records in container '{context.Layout.Predictions}' (model {models.CurrentVersion}).");
        context.Event("classified_container", new { container = containerName, prefix, summary.Classified, summary.Rejected, summary.Duplicates, summary.SourceMissing, failures = summary.Failures });
        if (summary.Failures.Count > 0)
        {
            context.Result(MetricsPrinter.FormatSkipped(summary.Failures, "uploads failed and have no new record:"));
            throw new CliFailure(ExitCodes.Storage, $"{summary.Failures.Count} uploads could not be classified (first: {summary.Failures[0].Path}: {summary.Failures[0].Message}); run again to retry them.");
        }

        return ExitCodes.Success;
    }

    internal static string Group(Prediction prediction, string group) =>
        prediction.Groups.TryGetValue(group, out GroupPrediction? best) ? string.Create(CultureInfo.InvariantCulture, $"{best.Label} {best.Score:0.000}") : "-";
}
