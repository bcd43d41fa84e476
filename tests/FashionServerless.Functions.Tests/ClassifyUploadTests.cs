using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests;

public sealed class ClassifyUploadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Rgb24 Navy = new(20, 30, 120);

    public static TheoryData<string, byte[], string> BadUploads => new()
    {
        { "notes.txt", TestImages.Text(), "not_an_image" },
        { "scan.tiff", TestImages.Tiff(32, 32, Navy), "unsupported_format" },
        { "huge.png", TestImages.PngHeaderOnly(20_000, 20_000), "too_large" },
        { "cut.jpg", TestImages.TruncatedJpeg(), "corrupt" },
    };

    [Fact]
    public async Task RunAsync_RealImage_WritesClassifiedRecordStampedWithModel()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 9, 30, 0, TimeSpan.Zero));
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite, time: clock);
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("2026/06/photo.jpg", TestImages.Jpeg(120, 160, Navy));
        string etag = (await upload.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');

        await harness.Create<ClassifyUpload>().RunAsync(upload, CancellationToken.None);

        PredictionRecord record = (await harness.ReadRecordAsync("2026/06/photo.jpg"))!;
        Assert.Equal(PredictionStatus.Classified, record.Status);
        Assert.Equal("2026/06/photo.jpg", record.Source);
        Assert.Equal(etag, record.SourceETag);
        Assert.Equal(["black", "dress", "shirt"], record.Labels);
        Assert.Equal(0.9f, record.Scores!["black"], 4);
        Assert.Equal(7, record.Scores.Count);
        Assert.Equal(("black", 0.9f), (record.Colour!.Label, MathF.Round(record.Colour.Score, 4)));
        Assert.Equal(("dress", 0.7f), (record.Garment!.Label, MathF.Round(record.Garment.Score, 4)));
        Assert.Equal(model.Version, record.ModelVersion);
        Assert.Equal(model.Sha256, record.ModelSha256);
        Assert.Null(record.Rejection);
        // Both times come from the injected clock, which stood still: a record timed by the wall clock would differ.
        Assert.Equal(clock.GetUtcNow(), record.ProcessedAt);
        Assert.Equal(0, record.ElapsedMs);
        BlobProperties properties = await harness.RecordPropertiesAsync("2026/06/photo.jpg");
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal(etag, properties.Metadata[PredictionBlobNames.SourceETagMetadata]);
        Assert.Equal(model.Version, properties.Metadata[PredictionBlobNames.ModelVersionMetadata]);
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task RunAsync_BadUpload_WritesRejectedRecordAndCompletes(string name, byte[] content, string reason)
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync($"bad/{name}", content);

        await harness.Create<ClassifyUpload>().RunAsync(upload, CancellationToken.None);

        PredictionRecord record = (await harness.ReadRecordAsync($"bad/{name}"))!;
        Assert.Equal(PredictionStatus.Rejected, record.Status);
        Assert.Equal(reason, record.Rejection!.Reason);
        Assert.False(string.IsNullOrWhiteSpace(record.Rejection.Message));
        Assert.Null(record.Labels);
        Assert.Null(record.Scores);
        Assert.Equal(model.Version, record.ModelVersion);
    }

    [Fact]
    public async Task RunAsync_Redelivery_SkipsWithoutRewritingRecord()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        ClassifyUpload function = harness.Create<ClassifyUpload>();
        await function.RunAsync(upload, CancellationToken.None);
        BlobProperties first = await harness.RecordPropertiesAsync("photo.jpg");

        await function.RunAsync(upload, CancellationToken.None);
        PredictionResult direct = await harness.Services.GetService<UploadClassifier>()!.ClassifyAsync(upload);

        BlobProperties second = await harness.RecordPropertiesAsync("photo.jpg");
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(PredictionOutcome.Duplicate, direct.Outcome);
        // The record that covers it, so the function publishes the same decision again (at least once).
        Assert.Equal((await harness.ReadRecordAsync("photo.jpg"))!.ProcessedAt, direct.Record!.ProcessedAt);
    }

    [Fact]
    public async Task RunAsync_ReUploadUnderSameName_ReprocessesWithNewETag()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        ClassifyUpload function = harness.Create<ClassifyUpload>();
        BlobClient upload = await harness.UploadAsync("photo.jpg", TestImages.Text());
        await function.RunAsync(upload, CancellationToken.None);
        Assert.Equal(PredictionStatus.Rejected, (await harness.ReadRecordAsync("photo.jpg"))!.Status);

        upload = await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));
        string newETag = (await upload.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');
        await function.RunAsync(upload, CancellationToken.None);

        PredictionRecord record = (await harness.ReadRecordAsync("photo.jpg"))!;
        Assert.Equal(PredictionStatus.Classified, record.Status);
        Assert.Equal(newETag, record.SourceETag);
    }

    [Fact]
    public async Task RunAsync_NoModelPublished_ThrowsTransientAndWritesNothing()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        BlobClient upload = await harness.UploadAsync("photo.jpg", TestImages.Jpeg(64, 64, Navy));

        var error = await Assert.ThrowsAsync<TransientPredictionException>(() => harness.Create<ClassifyUpload>().RunAsync(upload, CancellationToken.None));

        Assert.Contains("No model has been promoted", error.Message, StringComparison.Ordinal);
        Assert.Equal("photo.jpg", error.UploadName);
        Assert.Null(await harness.ReadRecordAsync("photo.jpg"));
    }

    [Fact]
    public async Task RunAsync_NewModelPromotedMidRun_NextRecordsCarryNewVersion()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest first = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        ClassifyUpload function = harness.Create<ClassifyUpload>();
        await function.RunAsync(await harness.UploadAsync("a.jpg", TestImages.Jpeg(64, 64, Navy)), CancellationToken.None);
        var reloaded = new List<string>();
        harness.Models.Reloaded += (_, e) => reloaded.Add($"{e.PreviousVersion}->{e.Version}");

        ModelManifest second = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlueShoes));
        // The pointer check runs off the request path; awaiting it stands for the reload interval passing.
        await harness.Models.RefreshAsync();
        await function.RunAsync(await harness.UploadAsync("b.jpg", TestImages.Jpeg(64, 64, Navy)), CancellationToken.None);
        // A redelivery of a.jpg after the promotion is re-classified: its record was made by another model version.
        await function.RunAsync(harness.Uploads.GetBlobClient("a.jpg"), CancellationToken.None);

        PredictionRecord b = (await harness.ReadRecordAsync("b.jpg"))!;
        PredictionRecord a = (await harness.ReadRecordAsync("a.jpg"))!;
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal((second.Version, second.Sha256), (b.ModelVersion, b.ModelSha256));
        Assert.Equal(["blue", "shoes"], b.Labels);
        Assert.Equal(second.Version, a.ModelVersion);
        Assert.Equal([$"{first.Version}->{second.Version}"], reloaded);
    }

    [Fact]
    public async Task RunAsync_PointerToCorruptedModel_OldModelKeepsServing()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest good = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        ClassifyUpload function = harness.Create<ClassifyUpload>();
        await function.RunAsync(await harness.UploadAsync("a.jpg", TestImages.Jpeg(64, 64, Navy)), CancellationToken.None);

        // The new version passes promotion, then its model bytes are overwritten before this instance loads it.
        ModelManifest bad = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlueShoes));
        await harness.Registry.Container.GetBlobClient($"{bad.Version}/model.onnx").UploadAsync(BinaryData.FromBytes(TestImages.RandomBytes(2048)), overwrite: true);
        await harness.Models.RefreshAsync();
        await function.RunAsync(await harness.UploadAsync("b.jpg", TestImages.Jpeg(64, 64, Navy)), CancellationToken.None);
        await function.RunAsync(await harness.UploadAsync("c.jpg", TestImages.Jpeg(64, 64, Navy)), CancellationToken.None);

        Assert.Equal(bad.Version, (await harness.Registry.GetCurrentAsync())!.Version);
        Assert.Equal(good.Version, (await harness.ReadRecordAsync("b.jpg"))!.ModelVersion);
        Assert.Equal(good.Version, (await harness.ReadRecordAsync("c.jpg"))!.ModelVersion);
        Assert.Equal(good.Version, harness.Models.CurrentVersion);
    }

    [Fact]
    public async Task RunAsync_ConcurrentUploads_OneRecordPerUploadNoneMissing()
    {
        const int count = 200;
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["FashionServerless:Model:ReloadIntervalSeconds"] = "30",
        });
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        byte[] photo = TestImages.Jpeg(48, 64, Navy);
        string[] names = [.. Enumerable.Range(0, count).Select(i => $"batch/{i % 10}/photo-{i:D3}.jpg")];
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, _) => await harness.UploadAsync(name, photo));
        ClassifyUpload function = harness.Create<ClassifyUpload>();

        // Every upload delivered once, a tenth of them twice at the same time, as an at-least-once trigger may.
        IEnumerable<string> deliveries = names.Concat(names.Where((_, i) => i % 10 == 0));
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, token) =>
        {
            try
            {
                await function.RunAsync(harness.Uploads.GetBlobClient(name), token);
            }
            catch (TransientPredictionException)
            {
                // A concurrent twin wrote first; the host would retry this delivery, which then finds the record.
                await function.RunAsync(harness.Uploads.GetBlobClient(name), token);
            }
        });

        var records = new List<string>();
        await foreach (BlobItem item in harness.Services.GetRequiredService<PredictionRecordReader>().ListAsync())
        {
            records.Add(item.Name);
        }

        Assert.Equal(names.Select(PredictionBlobNames.RecordFor).Order(StringComparer.Ordinal), records.Order(StringComparer.Ordinal));
        await foreach (PredictionRecord record in harness.Services.GetService<PredictionRecordReader>()!.ReadAllAsync())
        {
            Assert.Equal(PredictionStatus.Classified, record.Status);
        }
    }
}
