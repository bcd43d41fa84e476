using System.CommandLine;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Storage;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Publishing;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>evaluate</c>: scores a model on labelled images, or runs the timer function's evaluation.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliSettings settings)
    {
        var model = new Option<string?>("--model") { Description = "A local model.onnx (manifest.json beside it) or its folder." };
        var version = new Option<string?>("--version") { Description = "A published registry version. Default: the current model." };
        var data = new Option<string?>("--data") { Description = "A local <colour>_<garment>/* folder to score on." };
        var container = new Option<string?>("--container") { Description = "A labelled container to score on (default: the evaluation container)." };
        var prefix = new Option<string?>("--prefix") { Description = "Blob prefix inside --container." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the full metrics as JSON to this file." };
        var writeMetrics = new Option<bool>("--write-metrics")
        {
            Description = "Run the scheduled evaluation exactly as the timer function does: score the current model on the evaluation container "
                + "and write metrics/<version>/<timestamp>.json and metrics/latest.json with the traffic drift summary.",
        };
        var command = new Command("evaluate", "Score a model (file, version or current) on a labelled folder or container; print and write the full metrics.")
        {
            model, version, data, container, prefix, output, writeMetrics,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            string? containerName = parse.GetValue(container);
            string? dataFolder = parse.GetValue(data);
            if (dataFolder is not null && containerName is not null)
            {
                throw new CliFailure(ExitCodes.Usage, "Give either --data or --container, not both.");
            }

            if (parse.GetValue(writeMetrics))
            {
                if (dataFolder is not null || parse.GetValue(model) is not null || parse.GetValue(version) is not null)
                {
                    throw new CliFailure(ExitCodes.Usage, "--write-metrics scores the current model on a container, as the timer does; it takes no --data, --model or --version.");
                }

                return await RunScheduledAsync(context, parse.GetValue(output), cancellationToken);
            }

            using OnnxClassifier classifier = await ModelSelection.LoadAsync(context, parse.GetValue(model), parse.GetValue(version), cancellationToken);
            IEvaluationImageSource images = dataFolder is not null
                ? new SourceEvaluationImages(new FolderImageSource(dataFolder), $"folder '{Path.GetFullPath(dataFolder)}'")
                : new BlobEvaluationImageSource(context.Storage.GetBlobContainerClient(containerName ?? context.Layout.Evaluation), parse.GetValue(prefix));
            context.Info($"Scoring model {classifier.Manifest.Version} on {images.Description} ...");
            EvaluationOptions options = context.Get<IOptions<EvaluationOptions>>(storage: false).Value;
            LabelledSetEvaluation result = await new LabelledSetEvaluator([classifier], options).EvaluateAsync(images, cancellationToken);
            ModelEvaluation scored = result.Models[0];
            if (scored.Skipped.Count > 0)
            {
                context.Result(MetricsPrinter.FormatSkipped(scored.Skipped, "files skipped:"));
            }

            if (scored.Metrics is not { } metrics)
            {
                throw new CliFailure(ExitCodes.Data, $"No image of {images.Description} could be scored ({scored.Skipped.Count} skipped).");
            }

            context.Result(MetricsPrinter.Format(metrics));
            context.Event("evaluation", new { version = classifier.Manifest.Version, source = images.Description, summary = metrics.ToSummary(), skipped = scored.Skipped.Count, scored.Uncertain });
            if (parse.GetValue(output) is string path)
            {
                WriteJson(path, new
                {
                    modelVersion = classifier.Manifest.Version,
                    modelSha256 = classifier.Manifest.Sha256,
                    source = images.Description,
                    images = new EvaluationImageCounts(result.Listed, scored.Evaluated, scored.Skipped.Count) { Uncertain = scored.Uncertain },
                    metrics,
                    skipped = scored.Skipped,
                });
                context.Info($"Metrics written to {Path.GetFullPath(path)}");
            }

            return ExitCodes.Success;
        }, parse => parse.GetValue(writeMetrics) ? TrainerHost.Container(nameof(BlobLayoutOptions.Evaluation), parse.GetValue(container)) : []);
        return command;
    }

    private static async Task<int> RunScheduledAsync(CliContext context, string? output, CancellationToken cancellationToken)
    {
        BlobLayoutOptions layout = context.Layout;
        ModelEvaluationService service = context.Get<ModelEvaluationService>();
        context.Info($"Evaluating the current model on container '{layout.Evaluation}' (the timer function's code path) ...");
        EvaluationReport report = await service.RunAsync(cancellationToken);
        context.Result($"Model {report.ModelVersion}: {report.Images.Evaluated} of {report.Images.Listed} images evaluated ({report.Images.Uncertain} uncertain), {report.Images.Rejected} rejected.");
        if (report.Metrics is not null)
        {
            context.Result(MetricsPrinter.Format(report.Metrics));
        }

        TrafficSummary traffic = report.Traffic;
        context.Result(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Traffic since {traffic.Since?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "the start"}: {traffic.Records} records, {traffic.Classified} classified, "
            + $"{traffic.Uncertain} uncertain, {traffic.Rejected} rejected (rate {traffic.RejectionRate:0.000}); "
            + $"drift flagged: {(traffic.FlaggedLabels.Count == 0 ? "none" : string.Join(", ", traffic.FlaggedLabels))}."));
        foreach (Shared.Feedback.LiveModelAccuracy live in report.Live?.Models ?? [])
        {
            context.Result(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Live accuracy of {live.ModelVersion} on {live.Metrics.SampleCount} reviewed uploads: micro-F1 {live.Metrics.Micro.F1:0.000}, macro-F1 {live.Metrics.Macro.F1:0.000}, exact match {live.Metrics.ExactMatch:0.000}."));
        }

        if (report.Live is { } reviews)
        {
            context.Result($"Reviews: {reviews.Reviews} read, {reviews.Scored} scored, {reviews.Skipped.Count} left out"
                + (reviews.Skipped.Count == 0 ? "." : $" ({string.Join(", ", reviews.Skipped.GroupBy(s => s.Reason).Select(g => $"{g.Count()} {g.Key}"))})."));
        }

        context.Result($"Written: {layout.Metrics}/{report.ReportBlobName} and {layout.Metrics}/{ModelEvaluationService.LatestBlobName}");
        context.Event("scheduled_evaluation", new { report.ModelVersion, report.ReportBlobName, report.Images, summary = report.Metrics?.ToSummary(), traffic.FlaggedLabels });
        if (output is not null)
        {
            WriteJson(output, report);
        }

        return ExitCodes.Success;
    }

    private static void WriteJson<T>(string path, T value)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, ManifestJson.SerializeToUtf8Bytes(value));
    }
}
