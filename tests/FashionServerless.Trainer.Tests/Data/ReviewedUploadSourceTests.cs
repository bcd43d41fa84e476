using Azure.Storage.Blobs;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Tests.Cli;
using FashionServerless.Trainer.Tests.Publishing;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace FashionServerless.Trainer.Tests.Data;

/// <summary>Reviewed uploads join the training data under their reviewed class, against Azurite.</summary>
public sealed class ReviewedUploadSourceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Photo = "2026/06/photo.jpg";

    [Fact]
    public async Task LoadAsync_CorrectedReview_MovesThePhotoToItsCorrectedClassAndTargets()
    {
        using var folder = new TemporaryFolder();
        TinyDataSet.Write(folder.Path, perClass: 5);
        BlobLayoutOptions layout = await ArrangeAsync();
        var store = new FeedbackStore(azurite.BlobServiceClient, layout);
        // Reviewed as the model's classes allow: a black dress; then a second reviewer corrects it to a blue shirt.
        await store.SubmitAsync(Photo, ["black", "dress"]);
        (int[] first, float[] firstTargets, string firstFingerprint, _) = await LoadAsync(folder.Path, layout);

        FeedbackSubmission corrected = await store.SubmitAsync(Photo, ["blue", "shirt"]);
        (int[] second, float[] secondTargets, string secondFingerprint, ReviewedTrainingData summary) = await LoadAsync(folder.Path, layout);

        // Classes: black_dress, blue_shirt; five images each plus the reviewed photo.
        Assert.Equal([6, 5], first);
        Assert.Equal([5, 6], second);
        Assert.Equal([1f, 0f, 1f, 0f], firstTargets);
        Assert.Equal([0f, 1f, 0f, 1f], secondTargets);
        Assert.NotEqual(firstFingerprint, secondFingerprint);
        Assert.Equal(1, summary.Count);
        Assert.Equal((corrected.Record.ReviewedAt, corrected.Record.ReviewedAt), (summary.From!.Value, summary.To!.Value));
    }

    [Fact]
    public async Task ListAsync_StaleOrClasslessReviews_AreReportedNotTrainedOn()
    {
        using var folder = new TemporaryFolder();
        TinyDataSet.Write(folder.Path, perClass: 5);
        BlobLayoutOptions layout = await ArrangeAsync();
        var store = new FeedbackStore(azurite.BlobServiceClient, layout);
        await store.SubmitAsync(Photo, ["blue", "dress"]);
        await Upload(layout, "2026/06/replaced.jpg", 10);
        await store.SubmitAsync("2026/06/replaced.jpg", ["black", "dress"]);
        await Upload(layout, "2026/06/replaced.jpg", 90);

        var source = new ReviewedUploadSource(new FolderImageSource(folder.Path), azurite.BlobServiceClient, layout);
        LabelledImageListing listing = await source.ListAsync(CancellationToken.None);

        Assert.Equal(10, listing.Images.Count);
        Assert.Equal([("feedback/2026/06/photo.jpg.json", "no_such_class"), ("feedback/2026/06/replaced.jpg.json", "stale_review")],
            listing.Unexpected.Select(s => (s.Path, s.Reason)).Order());
        Assert.Equal((0, null), (source.Summary!.Count, source.Summary.From));
    }

    [Fact]
    public async Task Train_WithFeedback_RecordsTheReviewedUploadsInTheManifest()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);
        BlobLayoutOptions layout = await ArrangeAsync();
        FeedbackSubmission review = await new FeedbackStore(azurite.BlobServiceClient, layout).SubmitAsync(Photo, ["blue", "shirt"]);

        CliRun run = await CliRun.RunAsync(layout, [.. TinyDataSet.TrainArgs(data, output, "--with-feedback"), "--storage", azurite.ConnectionString]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.Equal(new Dictionary<string, int> { ["black_dress"] = 8, ["blue_shirt"] = 9 }, manifest.Dataset!.ImagesPerClass);
        Assert.Equal(1, manifest.ReviewedUploads!.Count);
        Assert.Equal(review.Record.ReviewedAt, manifest.ReviewedUploads.From);
        Assert.Contains("Reviewed uploads: 1 added", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Layout with a promoted model (reviews take their labels from it) and one upload, <see cref="Photo"/>.</summary>
    private async Task<BlobLayoutOptions> ArrangeAsync()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = GateModels.Good();
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        await registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        await Upload(layout, Photo, 200);
        return layout;
    }

    private async Task Upload(BlobLayoutOptions layout, string name, byte blue)
    {
        BlobClient blob = azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(TestImages.Jpeg(TinyDataSet.Size, TinyDataSet.Size, new Rgb24(20, 20, blue))), overwrite: true);
    }

    private async Task<(int[] PerClass, float[] PhotoTargets, string Fingerprint, ReviewedTrainingData Summary)> LoadAsync(string folder, BlobLayoutOptions layout)
    {
        var source = new ReviewedUploadSource(new FolderImageSource(folder), azurite.BlobServiceClient, layout);
        var spec = PreprocessingSpec.Default with { Width = TinyDataSet.Size, Height = TinyDataSet.Size };
        using LabelledImageSet set = await new LabelledImageLoader(new ImagePreprocessor(spec)).LoadAsync(source);
        int photo = set.Entries.ToList().FindIndex(e => e.FileName == ReviewedUploadSource.FileNamePrefix + Photo);
        Assert.True(photo >= 0, "The reviewed photo is not in the training data.");
        using torch.Tensor targets = set.Targets[photo];
        return ([.. set.ClassFolders.Select(c => set.ImagesPerClass[c])], targets.data<float>().ToArray(), set.Fingerprint, source.Summary!);
    }
}
