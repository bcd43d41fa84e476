using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.WorkerHost.Hosting;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// Bursts of uploads through the worker path of the blob trigger, delivered at the host's configured concurrency
/// (<c>extensions.blobs.maxDegreeOfParallelism</c> in host.json), about one in ten delivered twice (the at-least-once
/// contract), failed invocations redelivered as the host does (up to <c>poisonBlobThreshold</c> attempts). After each:
/// every upload has exactly one record, for its current ETag and the model that made it; none lost, none duplicated;
/// and a reader polling records throughout never reads a partial one. The CI size is small; set
/// <c>FASHIONSERVERLESS_BURST_SIZE</c> (e.g. 2000) for the documented large run.
/// </summary>
public sealed class BurstWorkerTests(ClassifyWorkerFixture fixture, ITestOutputHelper output) : IClassFixture<ClassifyWorkerFixture>
{
    private static readonly int BurstSize = int.TryParse(Environment.GetEnvironmentVariable("FASHIONSERVERLESS_BURST_SIZE"), CultureInfo.InvariantCulture, out int size) ? size : 240;

    [Fact]
    public async Task ClassifyUpload_BurstWithRedeliveries_ExactlyOneRecordPerUploadAndNoPartialRead()
    {
        IReadOnlyList<BlobClient> uploads = await UploadBurstAsync("burst/", BurstSize);
        List<BlobClient> deliveries = Deliveries(uploads, seed: 1);

        BurstOutcome outcome = await DeliverAsync(deliveries, "burst/", onProgress: null);

        output.WriteLine(outcome.Summary(uploads.Count));
        Assert.Empty(outcome.Poisoned);
        Assert.Equal(0, outcome.PartialReads);
        Assert.True(outcome.RecordReads > 0, "The reader read no record during the burst.");
        var records = await RecordsAsync("burst/");
        Assert.Equal(uploads.Select(u => PredictionBlobNames.RecordFor(u.Name)).Order(StringComparer.Ordinal), records.Keys.Order(StringComparer.Ordinal));
        foreach (BlobClient upload in uploads)
        {
            PredictionRecord record = records[PredictionBlobNames.RecordFor(upload.Name)];
            string etag = PredictionBlobNames.FormatETag((await upload.GetPropertiesAsync()).Value.ETag);
            Assert.Equal((upload.Name, etag, fixture.Model.Version, PredictionStatus.Classified), (record.Source, record.SourceETag, record.ModelVersion, record.Status));
        }

        // Classified exactly once each: the second deliveries were skipped as duplicates or lost a write race and were
        // redelivered, then skipped.
        ILookup<string, WorkerLog> classified = outcome.Logs.Where(l => l.Message.StartsWith("Classified ", StringComparison.Ordinal))
            .ToLookup(l => l.Message["Classified ".Length..l.Message.IndexOf(" (ETag", StringComparison.Ordinal)], StringComparer.Ordinal);
        Assert.All(uploads, u => Assert.Single(classified[u.Name]));
        Assert.Equal(uploads.Count, classified.Count);
    }

    [Fact]
    public async Task ClassifyUpload_ModelPromotedAndPointerDeletedMidBurst_EachRecordNamesTheModelThatMadeIt()
    {
        var registry = new ModelRegistry(fixture.Blobs, fixture.Layout);
        using TestModel second = TestModels.CreateConstant(ReferenceScores.BlueShoes);
        using TestModel third = TestModels.CreateConstant(new Dictionary<string, float>(StringComparer.Ordinal)
        {
            ["black"] = 0.2f, ["blue"] = 0.9f, ["dress"] = 0.1f, ["pants"] = 0.8f, ["shirt"] = 0.1f, ["shoes"] = 0.1f, ["shorts"] = 0.1f,
        });
        await registry.PublishAsync(second.Manifest, BinaryData.FromBytes(second.OnnxBytes));
        await registry.PublishAsync(third.Manifest, BinaryData.FromBytes(third.OnnxBytes));
        var expectedLabels = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [fixture.Model.Version] = ["black", "dress", "shirt"],
            [second.Manifest.Version] = ["blue", "shoes"],
            [third.Manifest.Version] = ["blue", "pants"],
        };
        int size = Math.Max(120, BurstSize / 2);
        IReadOnlyList<BlobClient> uploads = await UploadBurstAsync("promote/", size);
        List<BlobClient> deliveries = Deliveries(uploads, seed: 2);
        int third1 = deliveries.Count / 3, twoThirds = 2 * deliveries.Count / 3, fiveSixths = 5 * deliveries.Count / 6;
        var steps = new ConcurrentQueue<string>();

        BurstOutcome outcome = await DeliverAsync(deliveries, "promote/", async done =>
        {
            if (done == third1)
            {
                await registry.PromoteAsync(second.Manifest.Version);
                steps.Enqueue($"promoted {second.Manifest.Version} after {done}");
            }
            else if (done == twoThirds)
            {
                await registry.Container.GetBlobClient("current.json").DeleteAsync();
                steps.Enqueue($"deleted current.json after {done}");
            }
            else if (done == fiveSixths)
            {
                await registry.PromoteAsync(third.Manifest.Version);
                steps.Enqueue($"promoted {third.Manifest.Version} after {done}");
            }
        });

        output.WriteLine(string.Join('\n', steps));
        output.WriteLine(outcome.Summary(uploads.Count));
        Assert.Equal(3, steps.Count);
        Assert.Empty(outcome.Poisoned);
        Assert.Equal(0, outcome.PartialReads);
        var records = await RecordsAsync("promote/");
        Assert.Equal(uploads.Count, records.Count);
        var byModel = records.Values.GroupBy(r => r.ModelVersion).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        output.WriteLine("records by model: " + string.Join(", ", byModel.Select(p => $"{p.Key} {p.Value}")));
        foreach (PredictionRecord record in records.Values)
        {
            // The labels are those of the model the record names: a record can only name the model that made it.
            Assert.True(expectedLabels.TryGetValue(record.ModelVersion, out string[]? labels), $"{record.Source}: unknown model {record.ModelVersion}");
            Assert.Equal(labels, record.Labels);
        }

        // Served on throughout: the deleted pointer left the last good model serving, and the next promotion was seen.
        Assert.True(byModel.GetValueOrDefault(second.Manifest.Version) > 0, "The mid-burst promotion was never served.");
        Assert.True(byModel.GetValueOrDefault(third.Manifest.Version) > 0, "The promotion after the deleted pointer was never served.");
        Assert.Contains(outcome.WorkerLogs, l => l.Message.StartsWith("No model is promoted in the registry", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Logs, l => l.Message.Contains("No model has been promoted", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<BlobClient>> UploadBurstAsync(string prefix, int count)
    {
        var uploads = new BlobClient[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            // Each photo differs, as real uploads do.
            byte[] photo = TestImages.Jpeg(48, 48, new Rgb24((byte)(i % 200), (byte)(i / 200 % 200), 120));
            uploads[i] = await fixture.UploadAsync($"{prefix}{i:D5}.jpg", photo);
        });
        return uploads;
    }

    /// <summary>Every upload once, about one in ten a second time, in a shuffled order (so some twins run at once).</summary>
    private static List<BlobClient> Deliveries(IReadOnlyList<BlobClient> uploads, int seed)
    {
        var random = new Random(seed);
        var deliveries = new List<BlobClient>(uploads);
        deliveries.AddRange(uploads.Where(_ => random.Next(10) == 0));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));
        return deliveries;
    }

    private async Task<BurstOutcome> DeliverAsync(List<BlobClient> deliveries, string prefix, Func<int, Task>? onProgress)
    {
        JsonNode blobs = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.Directory, "host.json")))!["extensions"]!["blobs"]!;
        int concurrency = (int)blobs["maxDegreeOfParallelism"]!;
        int attempts = (int)blobs["poisonBlobThreshold"]!;
        var latencies = new ConcurrentBag<double>();
        var logs = new ConcurrentBag<WorkerLog>();
        var poisoned = new ConcurrentBag<string>();
        int redelivered = 0, done = 0;
        using var burstOver = new CancellationTokenSource();
        Task<(int Reads, int Partial)> reader = PollRecordsAsync(prefix, burstOver.Token);
        int logsBefore = fixture.Worker.Logs.Count;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (upload, ct) =>
        {
            for (int attempt = 1; ; attempt++)
            {
                InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload, ct);
                latencies.Add(result.Elapsed.TotalMilliseconds);
                foreach (WorkerLog log in result.Logs)
                {
                    logs.Add(log);
                }

                if (result.Status == InvocationStatus.Success)
                {
                    break;
                }

                if (attempt == attempts)
                {
                    poisoned.Add($"{upload.Name}: {result.Error}");
                    break;
                }

                Interlocked.Increment(ref redelivered);
            }

            int completed = Interlocked.Increment(ref done);
            if (onProgress is not null)
            {
                await onProgress(completed);
            }
        });
        clock.Stop();
        await burstOver.CancelAsync();
        (int reads, int partial) = await reader;
        return new BurstOutcome(deliveries.Count, concurrency, clock.Elapsed, [.. latencies], redelivered, [.. poisoned], [.. logs],
            [.. fixture.Worker.Logs.Skip(logsBefore)], reads, partial);
    }

    /// <summary>Reads whatever records exist, over and over, until the burst ends: every one must parse whole.</summary>
    private async Task<(int Reads, int Partial)> PollRecordsAsync(string prefix, CancellationToken burstOver)
    {
        int reads = 0, partial = 0;
        while (!burstOver.IsCancellationRequested)
        {
            await foreach (BlobItem item in fixture.Predictions.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
            {
                if (burstOver.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    PredictionRecord? record = await fixture.Records.ReadAsync(PredictionBlobNames.SourceOf(item.Name), CancellationToken.None);
                    reads++;
                    if (record is null || record.Source != PredictionBlobNames.SourceOf(item.Name) || record.ModelVersion.Length == 0)
                    {
                        partial++;
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    partial++;
                }
            }

            await Task.Yield();
        }

        return (reads, partial);
    }

    private async Task<Dictionary<string, PredictionRecord>> RecordsAsync(string prefix)
    {
        var records = new Dictionary<string, PredictionRecord>(StringComparer.Ordinal);
        await foreach (BlobItem item in fixture.Predictions.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            records.Add(item.Name, (await fixture.Records.ReadAsync(PredictionBlobNames.SourceOf(item.Name)))!);
        }

        return records;
    }

    private sealed record BurstOutcome(
        int Deliveries, int Concurrency, TimeSpan Elapsed, double[] LatenciesMs, int Redelivered, string[] Poisoned,
        WorkerLog[] Logs, WorkerLog[] WorkerLogs, int RecordReads, int PartialReads)
    {
        public string Summary(int uploads)
        {
            double[] sorted = [.. LatenciesMs.Order()];
            double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return string.Create(CultureInfo.InvariantCulture,
                $"{uploads} uploads, {Deliveries} deliveries ({Deliveries - uploads} twice) at concurrency {Concurrency}: {Elapsed.TotalSeconds:0.0} s, "
                + $"{uploads / Elapsed.TotalSeconds:0.0} uploads/s; invocation latency p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms; "
                + $"{Redelivered} redelivered after a failed invocation, {Poisoned.Length} poisoned; {RecordReads} record reads during the burst, {PartialReads} partial.");
        }
    }
}
