using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Predictions;

/// <summary>
/// The storage round trips of one upload, counted on the classifier's own client: each costs Azurite (or Azure)
/// time and the host CPU, so a new one must be a deliberate choice.
/// </summary>
public sealed class UploadClassifierRequestTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int PreparationFailedEvent = 2008;

    private static readonly Rgb24 Navy = new(20, 30, 120);

    [Fact]
    public async Task ClassifyAsync_NewUpload_DownloadsWritesRecordAndTagsAppendsOneTrafficLine()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await harness.UploadAsync("warm.jpg", TestImages.Jpeg(64, 64, Navy));
        await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        (UploadClassifier classifier, StorageRequestLog log) = CountedClassifier(harness);
        // The first call of a process also creates the predictions container if needed, and the traffic log its minute's
        // blob; that is once, not per upload.
        await classifier.ClassifyAsync("warm.jpg");
        log.Clear();

        PredictionResult result = await classifier.ClassifyAsync("photo.jpg");

        Assert.Equal(PredictionOutcome.Classified, result.Outcome);
        string record = $"{harness.Layout.Predictions}/photo.jpg.json";
        string trafficAppend = $"PUT {harness.Layout.Metrics}/traffic/";
        // A new upload has no tags (its download says so): no record is looked for, and the tags are written unread.
        Assert.Equal(
            [$"GET {harness.Layout.Uploads}/photo.jpg", $"PUT {record}", $"PUT {harness.Layout.Uploads}/photo.jpg?comp=tags"],
            log.Requests.Where(r => !r.StartsWith(trafficAppend, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Single(log.Requests, r => r.StartsWith(trafficAppend, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrepareAsync_ContainersMissing_CreatesThemSoTheFirstUploadMakesOnlyItsOwnRequests()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        await azurite.BlobServiceClient.GetBlobContainerClient(harness.Layout.Predictions).DeleteAsync();
        await azurite.BlobServiceClient.GetBlobContainerClient(harness.Layout.Metrics).DeleteAsync();
        (UploadClassifier classifier, StorageRequestLog log) = CountedClassifier(harness);

        bool prepared = await classifier.PrepareAsync();
        IReadOnlyList<string> preparing = log.Requests;
        log.Clear();
        PredictionResult result = await classifier.ClassifyAsync("photo.jpg");

        Assert.True(prepared);
        Assert.Equal([$"PUT {harness.Layout.Metrics}", $"PUT {harness.Layout.Predictions}"], preparing.Order(StringComparer.Ordinal));
        Assert.Equal(PredictionOutcome.Classified, result.Outcome);
        // The upload's own four requests and its minute's traffic blob; no container is made on the upload's time.
        Assert.DoesNotContain(log.Requests, r => r == $"PUT {harness.Layout.Predictions}" || r == $"PUT {harness.Layout.Metrics}");
        Assert.True(await azurite.BlobServiceClient.GetBlobContainerClient(harness.Layout.Predictions).GetBlobClient("photo.jpg.json").ExistsAsync());
    }

    [Fact]
    public async Task PrepareAsync_StorageUnreachable_ReturnsFalseAndWarnsThatTheFirstUploadWillRetry()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        using var logs = new RecordingLoggerProvider();
        var unreachable = new BlobServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } });
        var classifier = new UploadClassifier(unreachable, harness.Layout, harness.Models, logger: logs.CreateLogger<UploadClassifier>(),
            traffic: new TrafficLog(unreachable, harness.Layout));

        bool prepared = await classifier.PrepareAsync();

        Assert.False(prepared);
        RecordedLog warning = Assert.Single(logs.Entries, e => e.EventId == PreparationFailedEvent);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task PrepareAsync_InstanceStopping_ThrowsOperationCanceledWithoutAWarning()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        using var logs = new RecordingLoggerProvider();
        var classifier = new UploadClassifier(azurite.BlobServiceClient, harness.Layout, harness.Models, logger: logs.CreateLogger<UploadClassifier>());
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => classifier.PrepareAsync(stopped.Token));

        Assert.Equal(0, logs.Count(PreparationFailedEvent));
    }

    [Fact]
    public async Task ClassifyAsync_Redelivery_ThreeReadsAndNoWrite()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        (UploadClassifier classifier, StorageRequestLog log) = CountedClassifier(harness);
        await classifier.ClassifyAsync("photo.jpg");
        log.Clear();

        PredictionResult result = await classifier.ClassifyAsync("photo.jpg");

        Assert.Equal(PredictionOutcome.Duplicate, result.Outcome);
        // The tags are read to check they follow the record; they do, so nothing is written.
        Assert.Equal(
            [$"GET {harness.Layout.Predictions}/photo.jpg.json", $"GET {harness.Layout.Uploads}/photo.jpg", $"GET {harness.Layout.Uploads}/photo.jpg?comp=tags"],
            log.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClassifyAsync_RecordWrittenButTagsLost_FindsTheRecordOnWritingAndOnlyTags()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        (UploadClassifier classifier, StorageRequestLog log) = CountedClassifier(harness);
        await classifier.ClassifyAsync("photo.jpg");
        var written = (await harness.RecordPropertiesAsync("photo.jpg")).ETag;
        // As if the first delivery stopped between its record and its tags: the upload looks new again.
        await upload.SetTagsAsync(new Dictionary<string, string>());
        log.Clear();

        PredictionResult result = await classifier.ClassifyAsync("photo.jpg");

        Assert.Equal(PredictionOutcome.Duplicate, result.Outcome);
        Assert.Equal(written, (await harness.RecordPropertiesAsync("photo.jpg")).ETag);
        Assert.Equal("classified", (await upload.GetTagsAsync()).Value.Tags["status"]);
        string record = $"{harness.Layout.Predictions}/photo.jpg.json";
        // The conditional write finds the record (refused, nothing changed), which is then read; no traffic line is added.
        Assert.Equal(
            [$"GET {record}", $"GET {harness.Layout.Uploads}/photo.jpg", $"PUT {record}", $"PUT {harness.Layout.Uploads}/photo.jpg?comp=tags"],
            log.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClassifyAsync_TagWriteFails_TrafficLineAppendedOnceAcrossTheRedelivery()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        var failTags = new RefuseTagWrites();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(failTags, HttpPipelinePosition.PerRetry);
        var client = new BlobServiceClient(azurite.ConnectionString, options);
        var traffic = new TrafficLog(client, harness.Layout, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var classifier = new UploadClassifier(client, harness.Layout, harness.Models, traffic: traffic);

        await Assert.ThrowsAsync<TransientPredictionException>(() => classifier.ClassifyAsync("photo.jpg"));
        Assert.Equal(1, await TrafficLinesAsync(harness));

        failTags.Refuse = false;
        PredictionResult redelivery = await classifier.ClassifyAsync("photo.jpg");

        Assert.Equal(PredictionOutcome.Duplicate, redelivery.Outcome);
        Assert.Equal(1, await TrafficLinesAsync(harness));
    }

    [Fact]
    public async Task ClassifyAsync_UploadReplacedAfterRecord_RecordNamesTheETagOfTheBytesClassified()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("photo.jpg", TestImages.Text());
        (UploadClassifier classifier, _) = CountedClassifier(harness);
        await classifier.ClassifyAsync("photo.jpg");
        upload = await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        string replaced = (await upload.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');

        PredictionResult result = await classifier.ClassifyAsync("photo.jpg");

        Assert.Equal(PredictionOutcome.Classified, result.Outcome);
        Assert.Equal(replaced, result.Record!.SourceETag);
        Assert.Equal(replaced, (await harness.RecordPropertiesAsync("photo.jpg")).Metadata[PredictionBlobNames.SourceETagMetadata]);
    }

    [Fact]
    public async Task ClassifyAsync_UploadDeleted_SourceMissingAndNoRecord()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        (UploadClassifier classifier, _) = CountedClassifier(harness);

        PredictionResult result = await classifier.ClassifyAsync("gone.jpg");

        Assert.Equal(PredictionOutcome.SourceMissing, result.Outcome);
        Assert.Null(await harness.ReadRecordAsync("gone.jpg"));
    }

    private async Task<int> TrafficLinesAsync(PipelineHarness harness)
    {
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(harness.Layout.Metrics);
        int lines = 0;
        await foreach (BlobItem blob in metrics.GetBlobsAsync(BlobTraits.None, BlobStates.None, "traffic/", CancellationToken.None))
        {
            string text = (await metrics.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            lines += text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return lines;
    }

    /// <summary>A classifier as the host builds it, but on a client of its own whose requests are logged.</summary>
    private (UploadClassifier Classifier, StorageRequestLog Log) CountedClassifier(PipelineHarness harness)
    {
        var log = new StorageRequestLog();
        var options = new BlobClientOptions();
        options.AddPolicy(log, HttpPipelinePosition.PerRetry);
        var client = new BlobServiceClient(azurite.ConnectionString, options);
        // A fixed clock keeps the traffic log in one minute's blob, so no test run sees a minute roll over.
        var traffic = new TrafficLog(client, harness.Layout, new FakeTimeProvider(DateTimeOffset.UtcNow));
        return (new UploadClassifier(client, harness.Layout, harness.Models, traffic: traffic), log);
    }

    /// <summary>Fails every tag write, as a storage outage between the record and the tags would.</summary>
    private sealed class RefuseTagWrites : HttpPipelineSynchronousPolicy
    {
        public bool Refuse { get; set; } = true;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (Refuse && message.Request.Method == RequestMethod.Put && message.Request.Uri.Query.Contains("comp=tags", StringComparison.Ordinal))
            {
                throw new RequestFailedException(503, "Tag writes are refused by this test.");
            }
        }
    }
}
