using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Publishing;
using FashionServerless.Trainer.Reporting;
using FashionServerless.Trainer.Training;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>
/// One training run end to end: load and split, train, score, export with parity, then (with --publish) the promotion
/// gate, and the output folder (model, manifest, report, training.jsonl) before anything is published.
/// </summary>
internal sealed class TrainRun(CliContext context, TrainRequest request)
{
    private const int ParityImages = 64;

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (request.Publish)
        {
            // Fail in seconds on unreachable storage, not after an hour of training.
            CurrentModel? current = await context.Registry.GetCurrentAsync(cancellationToken);
            context.Info($"Registry reachable; current model: {current?.Version ?? "none"}.");
        }

        ILabelledImageSource source = request.DataFolder is not null
            ? new FolderImageSource(request.DataFolder)
            : new BlobImageSource(context.Storage.GetBlobContainerClient(request.Container!), request.Prefix);
        ReviewedUploadSource? reviewed = request.WithFeedback ? new ReviewedUploadSource(source, context.Storage, context.Layout) : null;
        source = reviewed ?? source;
        context.Info($"Loading images from {source.Description} ...");
        using LabelledImageSet data = await new LabelledImageLoader(new ImagePreprocessor(request.Preprocessing), request.Loading).LoadAsync(source, cancellationToken);
        DatasetSplit split = StratifiedSplitter.Split(data.ClassOfImage, request.Training.Seed, request.Split);
        context.Info($"Loaded {data.Count} images in {data.ClassFolders.Count} classes ({string.Join(", ", data.Schema.Labels)}); "
            + $"train {split.Train.Length}, validation {split.Validation.Length}, test {split.Test.Length}.");
        if (data.Skipped.Count > 0)
        {
            context.Result(MetricsPrinter.FormatSkipped(data.Skipped, "files skipped (also listed in the manifest and report):"));
        }

        if (reviewed?.Summary is { } added)
        {
            context.Info(string.Create(CultureInfo.InvariantCulture,
                $"Reviewed uploads: {added.Count} added under their reviewed class{(added.From is null ? "" : $" (reviewed {added.From:u} to {added.To:u})")}, {added.Skipped.Count} not used."));
        }

        context.Event("data", new { source = source.Description, images = data.Count, classes = data.ClassFolders, skipped = data.Skipped, train = split.Train.Length, validation = split.Validation.Length, test = split.Test.Length });
        Directory.CreateDirectory(request.OutputFolder);
        var trainer = new ModelTrainer(request.Training);
        if (trainer.ScheduleProblem(split.Train.Length) is string problem)
        {
            throw new CliFailure(ExitCodes.Usage, problem);
        }

        using var progress = new TrainingProgress(context, Path.Combine(request.OutputFolder, "training.jsonl"));
        using TrainingResult result = trainer.Train(data, split, progress, progress, cancellationToken);
        progress.ClearBar();

        DecisionRule decision = ManifestAssembler.Decision(data.Schema, request.UncertaintyFloor);
        var decider = new LabelDecider(data.Schema.Labels, data.Schema.Groups, decision);
        MultiLabelMetrics? validation = RunMetrics.Compute(decider, result.ValidationScores, result.ValidationTargets);
        MultiLabelMetrics? test = RunMetrics.Compute(decider, result.TestScores, result.TestTargets);
        foreach (string line in HeldOutDiagnostics.Describe(result, data, split, decider, request.Training.FlipAverage, request.Training.EvaluationBatchSize))
        {
            context.Info(line);
        }

        DateTimeOffset createdAt = DateTimeOffset.UtcNow;
        string version = ModelVersion.NewId(createdAt);
        OnnxExport export = OnnxExporter.Export(result.Model, OnnxModelMetadata.Describe(version, data.Schema.Labels,
            ManifestAssembler.Groups(data.Schema), data.Spec, decision), request.Training.FlipAverage);
        ParityReport parity = ExportParityCheck.Verify(result.Model, export, ParityImagesOf(data, split));
        string parityLine = string.Create(CultureInfo.InvariantCulture,
            $"max |ONNX - TorchSharp| {parity.MaxAbsDifference:0.0E+0} over {parity.RandomSamples} random tensors and {parity.ImageSamples} real images (tolerance {parity.Tolerance:0E+0})");
        context.Info($"ONNX export (opset {export.Info.Opset}) passed parity: {parityLine}.");

        ModelManifest manifest = ManifestAssembler.Build(version, createdAt, data, split, result, export, decision, request, source.Description, validation, test)
            with { ReviewedUploads = reviewed?.Summary };
        GateOutcome? gate = null;
        if (request.Publish)
        {
            gate = await DecideAsync(manifest, export, source, data, split, cancellationToken);
            manifest = manifest with { Promotion = gate.Decision };
        }

        string modelPath = Path.Combine(request.OutputFolder, ModelDirectory.ModelFileName);
        string manifestPath = Path.Combine(request.OutputFolder, ModelDirectory.ManifestFileName);
        export.WriteTo(modelPath);
        await File.WriteAllBytesAsync(manifestPath, ManifestJson.SerializeToUtf8Bytes(manifest), cancellationToken);
        double imagesPerSecond = result.History.Count == 0 ? 0 : result.History.Average(e => e.ImagesPerSecond);
        string reportFolder = Path.Combine(request.OutputFolder, ModelDirectory.ReportFolderName);
        ReportWriter.Write(reportFolder, new TrainingReport
        {
            Manifest = manifest,
            Epochs = [.. result.History.Select(e => new ReportEpoch(e.Epoch, e.TrainLoss, e.Validation?.Loss ?? double.NaN,
                e.Validation?.MicroF1 ?? double.NaN, e.Validation?.MacroF1 ?? double.NaN, e.LearningRate))],
            Validation = validation,
            Test = test,
            Parity = parityLine,
            WallTime = clock.Elapsed,
            ImagesPerSecond = imagesPerSecond,
        });

        string published = "not published (use --publish)";
        if (gate is not null)
        {
            ModelDirectory written = await ModelDirectory.ReadAsync(request.OutputFolder, cancellationToken);
            await context.Registry.PublishAsync(manifest, new BinaryData(export.Model), await written.ReadReportFilesAsync(cancellationToken), cancellationToken);
            if (gate.Decision.Promoted)
            {
                await context.Registry.PromoteAsync(version, gate.PointerETag, cancellationToken);
            }

            published = $"published to '{context.Layout.Models}'; {(gate.Decision.Promoted ? "PROMOTED to current" : "NOT promoted")}: {gate.Decision.Reason}";
        }

        context.Result(TrainSummary.Format(manifest, test ?? validation, test is null ? "validation" : "test", result, clock.Elapsed, imagesPerSecond,
            [modelPath, manifestPath, Path.Combine(reportFolder, ReportWriter.HtmlFileName), Path.Combine(request.OutputFolder, "training.jsonl")], published));
        context.Event("trained", new { version, manifest.Sha256, test = manifest.TestMetrics, promotion = manifest.Promotion, output = Path.GetFullPath(request.OutputFolder), wallSeconds = clock.Elapsed.TotalSeconds });
        return ExitCodes.Success;
    }

    private async Task<GateOutcome> DecideAsync(ModelManifest manifest, OnnxExport export, ILabelledImageSource source, LabelledImageSet data, DatasetSplit split, CancellationToken cancellationToken)
    {
        var gate = new PromotionGate(context.Registry, context.Get<IOptions<EvaluationOptions>>().Value);
        using OnnxClassifier candidate = OnnxClassifier.Load(export.Model, manifest);
        BlobContainerClient evaluation = context.Storage.GetBlobContainerClient(request.EvaluationContainer);
        GateOutcome? outcome = null;
        if (await evaluation.ExistsAsync(cancellationToken))
        {
            var images = new BlobEvaluationImageSource(evaluation);
            context.Info($"Promotion gate: scoring the candidate and the current model on {images.Description} ...");
            outcome = await gate.TryDecideAsync(candidate, images, request.Force, cancellationToken);
        }

        if (outcome is null && split.Test.Length == 0 && split.Validation.Length == 0)
        {
            context.Info($"The evaluation container '{request.EvaluationContainer}' has no labelled images and this run held none out (it trained on everything).");
            outcome = await gate.DecideWithoutEvaluationAsync(request.EvaluationContainer, request.Force, cancellationToken);
        }
        else if (outcome is null)
        {
            int[] rows = split.Test.Length > 0 ? split.Test : split.Validation;
            string which = split.Test.Length > 0 ? "test" : "validation";
            context.Info($"The evaluation container '{request.EvaluationContainer}' has no labelled images; the gate uses this run's {which} split ({rows.Length} images).");
            var images = new SourceEvaluationImages(source, $"this run's {which} split ({rows.Length} images)", rows.Select(r => data.Entries[r]));
            outcome = await gate.DecideAsync(candidate, images, request.Force, cancellationToken);
        }

        context.Event("promotion", outcome.Decision);
        return outcome;
    }

    private static ReadOnlyMemory<float> ParityImagesOf(LabelledImageSet data, DatasetSplit split)
    {
        // Export fidelity needs real photos, not unseen ones: a run that trained on everything checks on training images.
        int[] rows = [.. split.Test.Concat(split.Validation).Concat(split.Train).Take(ParityImages)];
        using torch.Tensor index = torch.tensor(rows.Select(r => (long)r).ToArray());
        using torch.Tensor selected = data.Images.index_select(0, index);
        return selected.data<float>().ToArray();
    }
}
