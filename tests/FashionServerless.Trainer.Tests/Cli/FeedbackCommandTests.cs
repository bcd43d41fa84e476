using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Tests.Publishing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary><c>feedback</c> against Azurite: a review is written with the upload's ETag; bad reviews change nothing.</summary>
public sealed class FeedbackCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Photo = "2026/06/a.jpg";

    [Fact]
    public async Task Feedback_CorrectionOfAPrediction_WritesLabelsWithTheUploadETagAndWhatTheModelSaid()
    {
        (BlobLayoutOptions layout, string version, ETag etag) = await ArrangeAsync();

        CliRun run = await Run(layout, "feedback", Photo, "--labels", " Blue,dress ", "--reviewer", "ana");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"corrects model {version}, which said black,dress,shirt", run.Output, StringComparison.Ordinal);
        FeedbackRecord record = await ReadFeedbackAsync(layout);
        Assert.Equal(Photo, record.Source);
        Assert.Equal(PredictionBlobNames.FormatETag(etag), record.SourceETag);
        Assert.Equal(["blue", "dress"], record.Labels);
        Assert.Equal("ana", record.Reviewer);
        Assert.Equal(["black", "dress", "shirt"], record.PredictedLabels);
        Assert.Equal(version, record.PredictedModelVersion);

        CliRun again = await Run(layout, "feedback", "/" + Photo, "--labels", "black,shirt");
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        Assert.Contains("black,shirt (replaces blue,dress)", again.Output, StringComparison.Ordinal);
        Assert.Equal(["black", "shirt"], (await ReadFeedbackAsync(layout)).Labels);
    }

    [Fact]
    public async Task Feedback_BadReviews_AreRefusedWithTheirReasonAndChangeNothing()
    {
        (BlobLayoutOptions layout, _, _) = await ArrangeAsync();
        Assert.Equal(ExitCodes.Success, (await Run(layout, "feedback", Photo, "--labels", "blue,dress")).ExitCode);
        BlobClient feedback = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics).GetBlobClient(FeedbackBlobNames.For(Photo));
        byte[] before = (await feedback.DownloadContentAsync()).Value.Content.ToArray();

        (string Path, string Labels, string Reason, string Says)[] cases =
        [
            (Photo, "red,dress", "unknown_label", "'red' is not a label of the model; known labels: colour black, blue; garment dress, pants, shirt, shoes, shorts"),
            (Photo, "blue,black,dress", "conflicting_labels", "'black' and 'blue' are both a colour"),
            (Photo, "blue,dress,shirt", "conflicting_labels", "'dress' and 'shirt' are both a garment"),
            (Photo, "blue", "missing_label", "No garment given"),
            (Photo, ",", "no_labels", "No labels given"),
            ("2026/06/missing.jpg", "blue,dress", "no_upload", "There is no upload '2026/06/missing.jpg'"),
            ($"{layout.Uploads}/{Photo}", "blue,dress", "no_upload", $"without '{layout.Uploads}/'"),
            ("/", "blue,dress", "invalid_path", "is not an upload path"),
        ];
        foreach ((string path, string labels, string reason, string says) in cases)
        {
            CliRun run = await Run(layout, "feedback", path, "--labels", labels);

            Assert.True(run.ExitCode == ExitCodes.Data, $"{path} {labels}: {run}");
            Assert.Contains($"Feedback refused ({reason}): ", run.ErrorLine, StringComparison.Ordinal);
            Assert.Contains(says, run.ErrorLine, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await feedback.DownloadContentAsync()).Value.Content.ToArray());
        var names = new List<string>();
        await foreach (BlobItem item in azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics).GetBlobsAsync(new GetBlobsOptions { Prefix = FeedbackBlobNames.Prefix }))
        {
            names.Add(item.Name);
        }

        Assert.Equal([FeedbackBlobNames.For(Photo)], names);
    }

    [Fact]
    public async Task Feedback_NoModelPromoted_IsRefused()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        await azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads).GetBlobClient(Photo).UploadAsync(new BinaryData(TestImages.Jpeg(8, 8, new Rgb24(0, 0, 200))));

        CliRun run = await Run(layout, "feedback", Photo, "--labels", "blue,dress");

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains("Feedback refused (no_model)", run.ErrorLine, StringComparison.Ordinal);
    }

    /// <summary>A promoted constant model, one upload, and the record that model made of it (black, dress, shirt).</summary>
    private async Task<(BlobLayoutOptions Layout, string Version, ETag UploadETag)> ArrangeAsync()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = GateModels.Good();
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        await registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        BlobContentInfo upload = (await azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads).GetBlobClient(Photo)
            .UploadAsync(new BinaryData(TestImages.Jpeg(8, 8, new Rgb24(0, 0, 200))))).Value;
        var record = new PredictionRecord
        {
            Source = Photo,
            SourceETag = PredictionBlobNames.FormatETag(upload.ETag),
            Status = PredictionStatus.Classified,
            Labels = ["black", "dress", "shirt"],
            ModelVersion = model.Manifest.Version,
            ModelSha256 = model.Manifest.Sha256,
            ElapsedMs = 1,
            ProcessedAt = DateTimeOffset.UtcNow,
        };
        await azurite.BlobServiceClient.GetBlobContainerClient(layout.Predictions).GetBlobClient(PredictionBlobNames.RecordFor(Photo))
            .UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(record)));
        return (layout, model.Manifest.Version, upload.ETag);
    }

    private async Task<FeedbackRecord> ReadFeedbackAsync(BlobLayoutOptions layout)
    {
        BinaryData content = (await azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics).GetBlobClient(FeedbackBlobNames.For(Photo)).DownloadContentAsync()).Value.Content;
        return ManifestJson.Deserialize<FeedbackRecord>(content.ToMemory().Span, "feedback");
    }

    private Task<CliRun> Run(BlobLayoutOptions layout, params string[] args) =>
        CliRun.RunAsync(layout, [.. args, "--storage", azurite.ConnectionString]);
}
