using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Predictions;

/// <summary>
/// The blob index tags that follow each record, on a real Azurite (which implements Get/Set Blob Tags and Find Blobs
/// by Tags): what a classified, uncertain and rejected upload carries, that a new model and a rejection rewrite them,
/// that tags of someone else survive, and that a tag query finds exactly the blue dresses.
/// </summary>
public sealed class UploadTagsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Rgb24 Navy = new(20, 30, 120);

    private static readonly Dictionary<string, float> BlueDress = new(StringComparer.Ordinal)
    {
        ["black"] = 0.1f, ["blue"] = 0.9f, ["dress"] = 0.85f, ["pants"] = 0.1f, ["shirt"] = 0.2f, ["shoes"] = 0.05f, ["shorts"] = 0.1f,
    };

    [Fact]
    public async Task ClassifyAsync_Classified_TagsStatusColourGarmentAndModel()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("2026/06/photo.jpg", TestImages.Jpeg(64, 64, Navy));
        ETag before = (await upload.GetPropertiesAsync()).Value.ETag;

        await Classifier(harness).ClassifyAsync(upload);

        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "classified", ["colour"] = "black", ["garment"] = "dress", ["model"] = model.Version },
            await TagsAsync(upload));
        // Tagging leaves the upload's ETag alone: the record still names the content, and nothing retriggers.
        Assert.Equal(before, (await upload.GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task ClassifyAsync_GarmentBelowFloor_TagsUncertainWithColourOnly()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        var floors = new Dictionary<string, float>(StringComparer.Ordinal) { ["garment"] = 0.9f };
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(
            ReferenceScores.BlackDressShirt, new DecisionRule { Rule = DecisionRuleKind.GroupArgmax, Floors = floors }));
        BlobClient upload = await harness.UploadAsync("unsure.jpg", TestImages.Jpeg(64, 64, Navy));

        await Classifier(harness).ClassifyAsync(upload);

        // Dress is the best garment (0.7) but under the floor: no garment is decided, so none is tagged.
        Assert.Equal(new Dictionary<string, string> { ["status"] = "uncertain", ["colour"] = "black", ["model"] = model.Version }, await TagsAsync(upload));
    }

    [Fact]
    public async Task ClassifyAsync_ReplacedByBadFile_TagsRejectedWithReasonAndKeepsForeignTags()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("shop/item.jpg", TestImages.Jpeg(64, 64, Navy));
        UploadClassifier classifier = Classifier(harness);
        await classifier.ClassifyAsync(upload);
        // Someone else's tag, added after the first classification, as a shop system might.
        Dictionary<string, string> tagged = await TagsAsync(upload);
        tagged["shop"] = "north";
        await upload.SetTagsAsync(tagged);
        // The same name, now a text file; the upload's own tags go with the overwrite, so the shop tags it again.
        await harness.UploadAsync("shop/item.jpg", TestImages.Text());
        await upload.SetTagsAsync(new Dictionary<string, string> { ["shop"] = "north", ["colour"] = "black", ["garment"] = "dress" });

        PredictionResult result = await classifier.ClassifyAsync(upload);

        Assert.Equal(PredictionOutcome.Rejected, result.Outcome);
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "rejected", ["reason"] = "not_an_image", ["model"] = model.Version, ["shop"] = "north" },
            await TagsAsync(upload));
    }

    [Fact]
    public async Task ClassifyAsync_NewModelPromoted_TagsFollowTheNewRecord()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("again.jpg", TestImages.Jpeg(64, 64, Navy));
        UploadClassifier classifier = Classifier(harness);
        await classifier.ClassifyAsync(upload);
        ModelManifest second = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlueShoes));
        // A serving instance sees a promotion at its next pointer check (off the request path); this test checks now.
        await harness.Models.RefreshAsync();

        PredictionResult result = await classifier.ClassifyAsync(upload);

        Assert.Equal(PredictionOutcome.Classified, result.Outcome);
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "classified", ["colour"] = "blue", ["garment"] = "shoes", ["model"] = second.Version },
            await TagsAsync(upload));
    }

    [Fact]
    public async Task ClassifyAsync_RedeliveryAfterTagsLost_TagsRewrittenWithoutRewritingTheRecord()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        BlobClient upload = await harness.UploadAsync("healed.jpg", TestImages.Jpeg(64, 64, Navy));
        UploadClassifier classifier = Classifier(harness);
        await classifier.ClassifyAsync(upload);
        ETag record = (await harness.RecordPropertiesAsync("healed.jpg")).ETag;
        // As if the first delivery failed between the record and the tags: the retry must still tag it.
        await upload.SetTagsAsync(new Dictionary<string, string> { ["status"] = "stale" });

        PredictionResult result = await classifier.ClassifyAsync(upload);

        Assert.Equal(PredictionOutcome.Duplicate, result.Outcome);
        Assert.Equal(record, (await harness.RecordPropertiesAsync("healed.jpg")).ETag);
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "classified", ["colour"] = "black", ["garment"] = "dress", ["model"] = model.Version },
            await TagsAsync(upload));
    }

    [Fact]
    public async Task FindBlobsByTags_BlueDressQuery_FindsExactlyTheBlueDresses()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        UploadClassifier classifier = Classifier(harness);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await classifier.ClassifyAsync(await harness.UploadAsync("a/black-dress.jpg", TestImages.Jpeg(64, 64, Navy)));
        await classifier.ClassifyAsync(await harness.UploadAsync("a/not-a-photo.jpg", TestImages.Text()));
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlueShoes));
        await harness.Models.RefreshAsync();
        await classifier.ClassifyAsync(await harness.UploadAsync("b/blue-shoes.jpg", TestImages.Jpeg(64, 64, Navy)));
        ModelManifest blueDress = await harness.PublishAndPromoteAsync(harness.ConstantModel(BlueDress));
        await harness.Models.RefreshAsync();
        await classifier.ClassifyAsync(await harness.UploadAsync("b/blue-dress-1.jpg", TestImages.Jpeg(64, 64, Navy)));
        await classifier.ClassifyAsync(await harness.UploadAsync("c/blue-dress-2.png", TestImages.Png(64, 64, Navy)));

        List<string> blueDresses = await FindAsync(harness, "\"garment\" = 'dress' AND \"colour\" = 'blue'");
        List<string> rejected = await FindAsync(harness, "\"status\" = 'rejected' AND \"reason\" = 'not_an_image'");
        List<string> byModel = await FindAsync(harness, $"\"model\" = '{blueDress.Version}'");

        Assert.Equal(["b/blue-dress-1.jpg", "c/blue-dress-2.png"], blueDresses);
        Assert.Equal(["a/not-a-photo.jpg"], rejected);
        Assert.Equal(["b/blue-dress-1.jpg", "c/blue-dress-2.png"], byModel);
    }

    private static UploadClassifier Classifier(PipelineHarness harness) => harness.Services.GetRequiredService<UploadClassifier>();

    private static async Task<Dictionary<string, string>> TagsAsync(BlobClient blob) =>
        new((await blob.GetTagsAsync()).Value.Tags, StringComparer.Ordinal);

    /// <summary>A tag query over the uploads container, as <c>az storage blob filter</c> runs it (the container is ours alone).</summary>
    private static async Task<List<string>> FindAsync(PipelineHarness harness, string query)
    {
        var names = new List<string>();
        await foreach (TaggedBlobItem item in harness.Uploads.FindBlobsByTagsAsync(query))
        {
            names.Add(item.BlobName);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
