using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.WorkerHost.Hosting;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// Storage goes away in the middle of a burst and comes back: Azurite (on disk) is stopped while the real worker is
/// classifying, and started again on the same data folder and ports. Invocations that failed meanwhile are redelivered
/// as the host does, within its <c>poisonBlobThreshold</c>; afterwards every upload has exactly one record, for its
/// current ETag and the current model, and none is lost.
/// </summary>
public sealed class StorageOutageWorkerTests(ITestOutputHelper output)
{
    private const int Uploads = 60;

    [Fact]
    public async Task ClassifyUpload_AzuriteStoppedAndRestartedMidBurst_FailedInvocationsRedeliveredAndNoRecordLost()
    {
        await using RestartableAzurite azurite = await RestartableAzurite.StartAsync();
        var layout = new BlobLayoutOptions();
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        foreach (string container in new[] { layout.Uploads, layout.Predictions, layout.Models, layout.Training, layout.Evaluation, layout.Metrics })
        {
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        }

        using TestModel model = TestModels.CreateConstant(ReferenceScores.BlackDressShirt);
        var registry = new ModelRegistry(blobs, layout);
        await registry.PublishAsync(model.Manifest, BinaryData.FromBytes(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        BlobContainerClient uploadContainer = blobs.GetBlobContainerClient(layout.Uploads);
        var uploads = new List<BlobClient>();
        for (int i = 0; i < Uploads; i++)
        {
            BlobClient upload = uploadContainer.GetBlobClient($"outage/{i:D4}.jpg");
            await upload.UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(48, 48, new Rgb24((byte)i, 40, 120))));
            uploads.Add(upload);
        }

        await using FunctionsWorkerHost worker = await FunctionsWorkerHost.StartAsync(new WorkerHostOptions
        {
            AppDirectory = FunctionsBuildOutput.Directory,
            Settings = new Dictionary<string, string?>
            {
                ["PipelineStorage"] = azurite.ConnectionString,
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["FashionServerless__Model__ReloadIntervalSeconds"] = "0",
                ["EvaluationSchedule"] = "0 0 3 * * *",
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = null,
            },
        });
        JsonNode settings = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.Directory, "host.json")))!["extensions"]!["blobs"]!;
        int concurrency = (int)settings["maxDegreeOfParallelism"]!;
        int threshold = (int)settings["poisonBlobThreshold"]!;

        var storageBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? restart = null;
        int done = 0, failed = 0;
        var attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var outage = Stopwatch.StartNew();
        TimeSpan down = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (upload, ct) =>
        {
            while (true)
            {
                attempts.AddOrUpdate(upload.Name, 1, (_, n) => n + 1);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromMinutes(3));
                InvocationResult result = await worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload, limit.Token);
                if (result.Status == InvocationStatus.Success)
                {
                    break;
                }

                // The host redelivers a failed invocation; this one waits until storage is back, as the host's retry
                // would find it sooner or later.
                // The first failure after the stop starts the restart; the other slots may still be on their way to it.
                if (Interlocked.Increment(ref failed) == 1)
                {
                    lock (uploads)
                    {
                        restart ??= Task.Run(async () =>
                        {
                            await stopped.Task;
                            await azurite.RestartAsync(CancellationToken.None);
                            down = outage.Elapsed;
                            storageBack.SetResult();
                        }, CancellationToken.None);
                    }
                }

                await storageBack.Task.WaitAsync(ct);
            }

            if (Interlocked.Increment(ref done) == Uploads / 3)
            {
                outage.Restart();
                await azurite.StopAsync();
                stopped.SetResult();
            }
        });
        clock.Stop();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Uploads} uploads at concurrency {concurrency}; storage stopped after {Uploads / 3}, down {down.TotalSeconds:0.0} s (restart included); "
            + $"{failed} invocations failed and were redelivered; most attempts for one upload {attempts.Values.Max()}; {clock.Elapsed.TotalSeconds:0.0} s in all."));
        Assert.True(failed >= 1, "No invocation failed: the outage was not seen.");
        Assert.All(attempts, a => Assert.True(a.Value <= threshold, $"{a.Key}: {a.Value} attempts, the host would have poisoned it after {threshold}."));
        var records = new Dictionary<string, PredictionRecord>(StringComparer.Ordinal);
        var reader = new PredictionRecordReader(blobs, layout);
        await foreach (BlobItem item in blobs.GetBlobContainerClient(layout.Predictions).GetBlobsAsync(BlobTraits.None, BlobStates.None, "outage/", CancellationToken.None))
        {
            records.Add(PredictionBlobNames.SourceOf(item.Name), (await reader.ReadAsync(PredictionBlobNames.SourceOf(item.Name)))!);
        }

        Assert.Equal(uploads.Select(u => u.Name).Order(StringComparer.Ordinal), records.Keys.Order(StringComparer.Ordinal));
        foreach (BlobClient upload in uploads)
        {
            string etag = PredictionBlobNames.FormatETag((await upload.GetPropertiesAsync()).Value.ETag);
            Assert.Equal((etag, model.Manifest.Version, PredictionStatus.Classified), (records[upload.Name].SourceETag, records[upload.Name].ModelVersion, records[upload.Name].Status));
        }
    }
}
