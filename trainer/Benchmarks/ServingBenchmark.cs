using System.Diagnostics;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// The serving path end to end against real storage: the photos are uploaded to a container of the run's own, the
/// model is published and promoted in another, and <see cref="UploadBackfill"/> classifies them all with default
/// settings, as <c>classify --container</c> and (per upload) the blob trigger do. One pass warms up the process; the
/// next, over a second copy of the photos (new uploads) into a fresh predictions container, is measured. Then decode +
/// preprocess and inference alone are timed on the same photos, so the rest of the cost shows.
/// </summary>
internal static class ServingBenchmark
{
    private const string WarmUpPrefix = "warm-up/";
    private const string MeasuredPrefix = "measured/";

    /// <param name="setupStorage">Uploads and publishes (not counted).</param>
    /// <param name="countedStorage">The client the classification path runs on; its requests are tallied by <paramref name="tally"/>.</param>
    /// <param name="containers">The run's containers (uploads, models, predictions per pass).</param>
    /// <param name="tally">Counts <paramref name="countedStorage"/>'s requests.</param>
    /// <param name="images">The photos, as encoded bytes and preprocessed.</param>
    /// <param name="model">The model's bytes and manifest.</param>
    /// <param name="parallelism">Uploads classified at once.</param>
    /// <param name="storageProcess">The storage server's process, to read its CPU time, or null.</param>
    /// <param name="progress">Receives a line per step.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<ServingMeasurement> RunAsync(
        BlobServiceClient setupStorage,
        BlobServiceClient countedStorage,
        BenchContainers containers,
        StorageRequestTally tally,
        BenchmarkImageSet images,
        (byte[] Onnx, ModelManifest Manifest) model,
        int parallelism,
        Process? storageProcess,
        Action<string> progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setupStorage);
        ArgumentNullException.ThrowIfNull(countedStorage);
        ArgumentNullException.ThrowIfNull(containers);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(progress);

        progress($"Uploading {images.Count} photos to '{containers.Name("uploads")}' and publishing the model to '{containers.Name("models")}' ...");
        BlobContainerClient uploads = await containers.CreateAsync("uploads", cancellationToken).ConfigureAwait(false);
        // Each pass gets uploads of its own: the warm-up pass tags what it classifies, and a tagged upload is handled as a
        // possible redelivery (its record read first), so measuring on the warm-up's uploads would not measure new ones.
        await Parallel.ForEachAsync(Enumerable.Range(0, images.Count * 2), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (n, token) =>
            {
                int i = n % images.Count;
                string pass = n < images.Count ? WarmUpPrefix : MeasuredPrefix;
                await uploads.GetBlobClient($"{pass}{images.ClassFolders[i]}/photo-{i:D5}.jpg")
                    .UploadAsync(BinaryData.FromBytes(images.Encoded[i]), overwrite: true, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        containers.Remember("models");
        var setupRegistry = new ModelRegistry(setupStorage, containers.Layout());
        await setupRegistry.PublishAsync(model.Manifest, BinaryData.FromBytes(model.Onnx), cancellationToken: cancellationToken).ConfigureAwait(false);
        await setupRegistry.PromoteAsync(model.Manifest.Version, cancellationToken).ConfigureAwait(false);

        // The product's defaults: CurrentModelOptions as bound with no settings, the classifier's default options.
        using var models = new CurrentModelProvider(new ModelRegistry(countedStorage, containers.Layout()), Options.Create(new CurrentModelOptions()));
        progress($"Warm-up pass: classifying {images.Count} uploads, {parallelism} at a time ...");
        using var self = Process.GetCurrentProcess();
        TimeSpan warmUpBefore = self.TotalProcessorTime;
        // One traffic log for the process, as the host registers it: the warm-up pass creates its container and minute blob.
        containers.Remember("metrics");
        var traffic = new TrafficLog(countedStorage, containers.Layout());
        await PassAsync(countedStorage, containers, "warmup", WarmUpPrefix, models, traffic, parallelism, cancellationToken).ConfigureAwait(false);
        self.Refresh();
        TimeSpan warmUpCpu = self.TotalProcessorTime - warmUpBefore;

        progress($"Measured pass: classifying {images.Count} uploads, {parallelism} at a time ...");
        tally.Clear();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        TimeSpan? storageBefore = storageProcess?.TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        ContainerClassificationSummary summary = await PassAsync(countedStorage, containers, "predictions", MeasuredPrefix, models, traffic, parallelism, cancellationToken).ConfigureAwait(false);
        double wallSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        self.Refresh();
        storageProcess?.Refresh();
        TimeSpan cpu = self.TotalProcessorTime - cpuBefore;
        TimeSpan? storageCpu = storageProcess?.TotalProcessorTime - storageBefore;
        IReadOnlyList<StorageRequestKind> requests = tally.Snapshot();
        int handled = summary.Classified + summary.Rejected;
        if (handled != images.Count || summary.Failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"The measured pass handled {handled} of {images.Count} uploads ({summary.Duplicates} duplicates, {summary.Failures.Count} failures"
                + (summary.Failures.Count > 0 ? $", first: {summary.Failures[0].Message}" : string.Empty) + "); its figures would be wrong.");
        }

        progress("Timing decode + preprocess and inference alone on the same photos ...");
        using ModelLease lease = await models.AcquireAsync(cancellationToken).ConfigureAwait(false);
        (double decodeMs, double inferenceMs) = ComponentCosts(lease.Classifier, images, cancellationToken);
        return new ServingMeasurement(images.Count, summary.Classified, wallSeconds, warmUpCpu.TotalMilliseconds / images.Count, cpu.TotalMilliseconds / images.Count,
            storageCpu?.TotalMilliseconds / images.Count, decodeMs, inferenceMs, requests);
    }

    private static Task<ContainerClassificationSummary> PassAsync(
        BlobServiceClient storage, BenchContainers containers, string predictionsRole, string prefix, CurrentModelProvider models, TrafficLog traffic,
        int parallelism, CancellationToken cancellationToken)
    {
        containers.Remember(predictionsRole);
        var layout = containers.Layout(predictionsRole);
        var backfill = new UploadBackfill(new UploadClassifier(storage, layout, models, traffic: traffic), storage, layout, models);
        return backfill.ClassifyContainerAsync(prefix, parallelism, cancellationToken);
    }

    /// <summary>Process CPU per photo of decode + preprocess, then of inference, each over every photo one at a time after a warm-up.</summary>
    private static (double DecodeMs, double InferenceMs) ComponentCosts(OnnxClassifier classifier, BenchmarkImageSet images, CancellationToken cancellationToken)
    {
        int perImage = classifier.ValuesPerImage;
        float[] destination = new float[perImage];
        var timer = new OperationTimer(images.Count, null, Math.Min(images.Count, 20));
        TimedOperations decode = timer.Run(i => classifier.Preprocessor.PreprocessInto(images.Encoded[i % images.Count].Span, destination), cancellationToken);
        TimedOperations inference = timer.Run(i => classifier.Classify(images.Pixels.AsSpan(i % images.Count * perImage, perImage)), cancellationToken);
        return (decode.ProcessCpu.TotalMilliseconds / decode.Ticks.Length, inference.ProcessCpu.TotalMilliseconds / inference.Ticks.Length);
    }
}
