using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using Microsoft.Extensions.Time.Testing;

namespace FashionServerless.Shared.Tests.Evaluation;

public sealed class TrafficLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 6, 14, 23, 58, 30, TimeSpan.Zero);

    [Fact]
    public async Task AppendAsync_RecordsOverMinutes_OneAppendBlobPerProcessAndUtcMinute()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var clock = new FakeTimeProvider(Start);
        var log = new TrafficLog(azurite.BlobServiceClient, layout, clock);

        Assert.True(await log.AppendAsync(Record("a.jpg", PredictionStatus.Classified)));
        Assert.True(await log.AppendAsync(Record("b.jpg", PredictionStatus.Rejected)));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await log.AppendAsync(Record("c.jpg", PredictionStatus.Uncertain)));

        BlobItem[] blobs = await ListAsync(azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics));
        Assert.Equal(2, blobs.Length);
        Assert.Equal(BlobType.Append, blobs[0].Properties.BlobType);
        Assert.StartsWith("traffic/2026/06/14/23/58/", blobs[0].Name, StringComparison.Ordinal);
        Assert.StartsWith("traffic/2026/06/15/00/00/", blobs[1].Name, StringComparison.Ordinal);
        Assert.Equal(blobs[0].Name[^40..].Split('-')[0], blobs[1].Name[^40..].Split('-')[0]);
        string firstMinute = (await azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics).GetBlobClient(blobs[0].Name).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(2, firstMinute.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"reason\":\"corrupt\"", firstMinute, StringComparison.Ordinal);
        Assert.DoesNotContain("scores", firstMinute, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_StorageUnreachable_ReturnsFalseInsteadOfFailingTheUpload()
    {
        var unreachable = new BlobServiceClient(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            new BlobClientOptions { Retry = { MaxRetries = 0 } });
        var log = new TrafficLog(unreachable, new BlobLayoutOptions());

        Assert.False(await log.AppendAsync(Record("a.jpg", PredictionStatus.Classified)));
    }

    [Fact]
    public async Task AppendAsync_LinesArriveWhileAnAppendIsInFlight_SentTogetherInTheNextAppend()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var appends = new AppendGate(holdAppend: 1);
        var log = new TrafficLog(new BlobServiceClient(azurite.ConnectionString, Options(appends)), layout, new FakeTimeProvider(Start));

        Task<bool> first = log.AppendAsync(Record("first.jpg"));
        await appends.Held;
        Task<bool>[] queued = [.. Enumerable.Range(1, 5).Select(i => log.AppendAsync(Record($"queued-{i}.jpg", at: Start.AddSeconds(i))))];
        Assert.DoesNotContain(queued, task => task.IsCompleted);
        appends.Release();

        Assert.True(await first);
        Assert.All(await Task.WhenAll(queued), Assert.True);
        Assert.Equal(2, appends.Count);
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics);
        BlobItem blob = Assert.Single(await ListAsync(metrics));
        Assert.Equal(2, (await metrics.GetAppendBlobClient(blob.Name).GetPropertiesAsync()).Value.BlobCommittedBlockCount);
        string[] lines = (await metrics.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([0, 1, 2, 3, 4, 5], lines.Select(line => (int)(Entry(line).ProcessedAt - Start).TotalSeconds).Order());
    }

    [Fact]
    public async Task AppendAsync_GroupedAppendFails_EachLineOfTheGroupReportedAndLaterLinesStillAppended()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var appends = new AppendGate(holdAppend: 1, failAppend: 2);
        var log = new TrafficLog(new BlobServiceClient(azurite.ConnectionString, Options(appends)), layout, new FakeTimeProvider(Start));

        Task<bool> first = log.AppendAsync(Record("first.jpg"));
        await appends.Held;
        Task<bool>[] failing = [log.AppendAsync(Record("lost-1.jpg", at: Start.AddSeconds(1))), log.AppendAsync(Record("lost-2.jpg", at: Start.AddSeconds(2)))];
        appends.Release();

        Assert.True(await first);
        bool[] failed = await Task.WhenAll(failing);
        Assert.Equal([false, false], failed);
        Assert.True(await log.AppendAsync(Record("after.jpg", at: Start.AddSeconds(3))));
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics);
        string content = (await metrics.GetBlobClient(Assert.Single(await ListAsync(metrics)).Name).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal([0, 3], content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (int)(Entry(line).ProcessedAt - Start).TotalSeconds));
    }

    [Fact]
    public async Task ReadAsync_RunAfterRun_EachLineCountedOnceIncludingLinesAppendedToAPartitionAlreadyRead()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var clock = new FakeTimeProvider(Start);
        var log = new TrafficLog(azurite.BlobServiceClient, layout, clock);
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics);
        await log.AppendAsync([Record("1.jpg"), Record("2.jpg")]);

        (List<TrafficEntry> first, TrafficCursor cursor) = await ReadAsync(metrics, null, clock.GetUtcNow());
        // The same minute's blob grows after it was read, and a new minute starts.
        await log.AppendAsync(Record("3.jpg"));
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.AppendAsync(Record("4.jpg", at: clock.GetUtcNow()));
        (List<TrafficEntry> second, TrafficCursor next) = await ReadAsync(metrics, cursor, clock.GetUtcNow());
        (List<TrafficEntry> third, _) = await ReadAsync(metrics, next, clock.GetUtcNow());

        Assert.Equal(2, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(third);
        Assert.Equal(Start.AddMinutes(1), second.Max(e => e.ProcessedAt));
        Assert.Equal(2, next.Offsets.Count);
    }

    [Fact]
    public async Task ReadAsync_LongHistoryAndOneNewRecord_ListsOnlyTheOpenDaysAndDownloadsOnlyTheNewBytes()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 14, 6, 0, 0, TimeSpan.Zero));
        var log = new TrafficLog(azurite.BlobServiceClient, layout, clock);
        // Ten days of history, one record an hour: 240 partitions, all read by an earlier run.
        for (int hour = 0; hour < 240; hour++)
        {
            await log.AppendAsync(Record($"old/{hour}.jpg", at: clock.GetUtcNow()));
            clock.Advance(TimeSpan.FromHours(1));
        }

        var counter = new RequestCounter();
        BlobContainerClient counted = new BlobServiceClient(azurite.ConnectionString, Options(counter)).GetBlobContainerClient(layout.Metrics);
        (List<TrafficEntry> history, TrafficCursor cursor) = await ReadAsync(counted, null, clock.GetUtcNow());
        Assert.Equal(240, history.Count);
        Assert.Equal(240, counter.Downloads);

        clock.Advance(TimeSpan.FromHours(1));
        await log.AppendAsync(Record("new.jpg", at: clock.GetUtcNow()));
        counter.Reset();
        (List<TrafficEntry> latest, TrafficCursor after) = await ReadAsync(counted, cursor, clock.GetUtcNow());

        Assert.Equal(clock.GetUtcNow(), Assert.Single(latest).ProcessedAt);
        Assert.Equal(1, counter.Downloads);
        // The cursor's open partitions lie in today: one listing of today's prefix, whatever the history holds.
        Assert.Equal(1, counter.Listings);
        Assert.True(after.OpenFrom > cursor.OpenFrom);
        Assert.All(after.Offsets.Keys, name => Assert.True(TrafficLogNames.TryParse(name, out DateTimeOffset minute) && minute >= after.OpenFrom));
    }

    [Fact]
    public async Task ReadAsync_LineThatIsNotAnEntry_ReportedWithItsBlobAndOffsetOthersStillCounted()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var clock = new FakeTimeProvider(Start);
        var log = new TrafficLog(azurite.BlobServiceClient, layout, clock);
        await log.AppendAsync(Record("1.jpg"));
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics);
        BlobItem blob = (await ListAsync(metrics))[0];
        long offset = blob.Properties.ContentLength!.Value;
        using (var garbage = new MemoryStream("{ not json\n"u8.ToArray()))
        {
            await metrics.GetAppendBlobClient(blob.Name).AppendBlockAsync(garbage);
        }

        await log.AppendAsync(Record("2.jpg"));
        var unreadable = new List<SkippedFile>();
        var lines = new List<TrafficEntry>();

        await new TrafficLogReader(metrics, parallelism: 2).ReadAsync(null, clock.GetUtcNow(), lines.Add, unreadable.Add, CancellationToken.None);

        Assert.Equal(2, lines.Count);
        Assert.Equal($"{blob.Name}@{offset}", Assert.Single(unreadable).Path);
    }

    private static async Task<(List<TrafficEntry> Lines, TrafficCursor Cursor)> ReadAsync(BlobContainerClient metrics, TrafficCursor? cursor, DateTimeOffset now)
    {
        var lines = new List<TrafficEntry>();
        TrafficCursor next = await new TrafficLogReader(metrics, parallelism: 4).ReadAsync(cursor, now, lines.Add,
            bad => Assert.Fail($"unreadable line {bad.Path}: {bad.Message}"), CancellationToken.None);
        return (lines, next);
    }

    private static TrafficEntry Entry(string line) => System.Text.Json.JsonSerializer.Deserialize<TrafficEntry>(line, ManifestJson.CompactOptions)!;

    private static async Task<BlobItem[]> ListAsync(BlobContainerClient container)
    {
        var items = new List<BlobItem>();
        await foreach (BlobItem item in container.GetBlobsAsync())
        {
            items.Add(item);
        }

        return [.. items];
    }

    private static BlobClientOptions Options(HttpPipelinePolicy policy)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return options;
    }

    private static PredictionRecord Record(string source, string status = PredictionStatus.Classified, DateTimeOffset? at = null) => new()
    {
        Source = source,
        SourceETag = "0x1",
        Status = status,
        Labels = status == PredictionStatus.Rejected ? null : ["black", "dress"],
        Scores = status == PredictionStatus.Rejected ? null : new Dictionary<string, float> { ["black"] = 0.9f },
        Rejection = status == PredictionStatus.Rejected ? new PredictionRejection("corrupt", "cut short") : null,
        ModelVersion = "20260101T000000Z-00000000",
        ModelSha256 = new string('0', 64),
        ElapsedMs = 1,
        ProcessedAt = at ?? Start,
    };

    /// <summary>Counts the blob downloads and container listings a client sends.</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int _downloads;
        private int _listings;

        public int Downloads => _downloads;

        public int Listings => _listings;

        public void Reset() => (_downloads, _listings) = (0, 0);

        public override void OnSendingRequest(HttpMessage message)
        {
            string query = message.Request.Uri.Query;
            if (message.Request.Method == RequestMethod.Get && query.Contains("comp=list", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _listings);
            }
            else if (message.Request.Method == RequestMethod.Get && !query.Contains("comp=", StringComparison.Ordinal) && !query.Contains("restype=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _downloads);
            }
        }
    }

    /// <summary>Counts append-block requests; holds one of them until released, and fails another as the service would.</summary>
    private sealed class AppendGate(int holdAppend, int failAppend = 0) : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => _count;

        /// <summary>Completes when the held request has arrived.</summary>
        public Task Held => _held.Task;

        public void Release() => _released.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Query.Contains("comp=appendblock", StringComparison.Ordinal))
            {
                int number = Interlocked.Increment(ref _count);
                if (number == holdAppend)
                {
                    _held.TrySetResult();
                    await _released.Task.ConfigureAwait(false);
                }

                if (number == failAppend)
                {
                    throw new RequestFailedException(503, "The server is busy (injected).", "ServerBusy", null);
                }
            }

            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }
}
