using System.Text;
using Azure;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Shared.Tests.Registry;

public sealed partial class ModelRegistryTests
{
    [Fact]
    public async Task GetCurrentAsync_NothingPromoted_ReturnsNullAndNoETag()
    {
        ModelRegistry registry = await PublishedRegistryAsync(SampleModel.Create());

        Assert.Null(await registry.GetCurrentAsync());
        Assert.Null(await registry.GetCurrentETagAsync());
        Assert.Null(await registry.DownloadCurrentAsync());
    }

    [Fact]
    public async Task PromoteAsync_FirstModel_CreatesPointerWithoutPrevious()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);

        CurrentModel promoted = await registry.PromoteAsync(model.Version, expectedPointerETag: null);

        CurrentModel? current = await registry.GetCurrentAsync();
        Assert.NotNull(current);
        Assert.Equal(model.Version, current.Version);
        Assert.Equal(model.Manifest.Sha256, current.Content.Sha256);
        Assert.Null(current.Content.PreviousVersion);
        Assert.Equal(promoted.ETag, current.ETag);
        Assert.Equal(current.ETag, await registry.GetCurrentETagAsync());
        CurrentModelPackage? serving = await registry.DownloadCurrentAsync();
        Assert.Equal(model.Onnx, serving!.Package.OnnxModel);
        Assert.Equal(current.ETag, serving.Current.ETag);
    }

    [Fact]
    public async Task PromoteAsync_Twice_PointerNamesPreviousAndETagChanges()
    {
        SampleModel first = SampleModel.Create(0);
        SampleModel second = SampleModel.Create(1);
        ModelRegistry registry = await PublishedRegistryAsync(first, second);
        CurrentModel afterFirst = await registry.PromoteAsync(first.Version);

        CurrentModel afterSecond = await registry.PromoteAsync(second.Version, afterFirst.ETag);

        Assert.Equal(second.Version, afterSecond.Version);
        Assert.Equal(first.Version, afterSecond.Content.PreviousVersion);
        Assert.NotEqual(afterFirst.ETag, afterSecond.ETag);
        Assert.Equal(afterSecond.ETag, await registry.GetCurrentETagAsync());
        Assert.Equal(second.Version, (await registry.GetCurrentAsync())!.Version);
    }

    [Fact]
    public async Task PromoteAsync_StaleETag_ThrowsConflictAndKeepsTheWinner()
    {
        SampleModel first = SampleModel.Create(0);
        SampleModel writerA = SampleModel.Create(1);
        SampleModel writerB = SampleModel.Create(2);
        ModelRegistry registry = await PublishedRegistryAsync(first, writerA, writerB);
        CurrentModel read = await registry.PromoteAsync(first.Version);
        // Both writers read the same pointer; A writes first.
        CurrentModel won = await registry.PromoteAsync(writerA.Version, read.ETag);

        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.PromoteAsync(writerB.Version, read.ETag));

        CurrentModel? current = await registry.GetCurrentAsync();
        Assert.Equal(writerA.Version, current!.Version);
        Assert.Equal(first.Version, current.Content.PreviousVersion);
        Assert.Equal(won.ETag, current.ETag);
    }

    [Fact]
    public async Task PromoteAsync_ConcurrentWritersFromOneRead_ExactlyOneWinsAndNoUpdateIsLost()
    {
        SampleModel first = SampleModel.Create(0);
        SampleModel[] candidates = [.. Enumerable.Range(1, 6).Select(SampleModel.Create)];
        ModelRegistry registry = await PublishedRegistryAsync([first, .. candidates]);
        CurrentModel read = await registry.PromoteAsync(first.Version);

        PromotionOutcome[] outcomes = await Task.WhenAll(
            candidates.Select(c => PromotionOutcome.Of(Task.Run(() => registry.PromoteAsync(c.Version, read.ETag)))));

        CurrentModel winner = Assert.Single(outcomes, o => o.Written is not null).Written!;
        Assert.All(outcomes.Where(o => o.Written is null), o => Assert.IsType<RegistryConflictException>(o.Error));
        CurrentModel? current = await registry.GetCurrentAsync();
        Assert.Equal(winner.Version, current!.Version);
        Assert.Equal(winner.ETag, current.ETag);
        Assert.Equal(first.Version, current.Content.PreviousVersion);
    }

    [Fact]
    public async Task PromoteAsync_ConcurrentFirstPromotions_ExactlyOneCreatesThePointer()
    {
        SampleModel[] candidates = [.. Enumerable.Range(0, 4).Select(SampleModel.Create)];
        ModelRegistry registry = await PublishedRegistryAsync(candidates);

        PromotionOutcome[] outcomes = await Task.WhenAll(
            candidates.Select(c => PromotionOutcome.Of(Task.Run(() => registry.PromoteAsync(c.Version, expectedPointerETag: null)))));

        CurrentModel winner = Assert.Single(outcomes, o => o.Written is not null).Written!;
        Assert.All(outcomes.Where(o => o.Written is null), o => Assert.IsType<RegistryConflictException>(o.Error));
        Assert.Equal(winner.Version, (await registry.GetCurrentAsync())!.Version);
    }

    [Fact]
    public async Task PromoteAsync_UnknownVersion_ThrowsModelNotFoundAndPointerUnchanged()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        CurrentModel before = await registry.PromoteAsync(model.Version);

        await Assert.ThrowsAsync<ModelNotFoundException>(
            () => registry.PromoteAsync(ModelVersion.NewId(DateTimeOffset.UtcNow), before.ETag));

        Assert.Equal(before.ETag, await registry.GetCurrentETagAsync());
    }

    [Fact]
    public async Task PromoteAsync_ModelCorruptedAfterPublish_ThrowsModelIntegrityAndPointerUnchanged()
    {
        SampleModel good = SampleModel.Create(0);
        SampleModel corrupted = SampleModel.Create(1);
        ModelRegistry registry = await PublishedRegistryAsync(good, corrupted);
        CurrentModel before = await registry.PromoteAsync(good.Version);
        await registry.Container.GetBlobClient($"{corrupted.Version}/model.onnx")
            .UploadAsync(new BinaryData(new byte[] { 0, 1, 2 }), overwrite: true);

        await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.PromoteAsync(corrupted.Version));

        CurrentModel? after = await registry.GetCurrentAsync();
        Assert.Equal(good.Version, after!.Version);
        Assert.Equal(before.ETag, after.ETag);
    }

    [Fact]
    public async Task PromoteAsync_AlreadyCurrent_ChangesNothing()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        CurrentModel first = await registry.PromoteAsync(model.Version);

        CurrentModel again = await registry.PromoteAsync(model.Version, first.ETag);

        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(first.ETag, await registry.GetCurrentETagAsync());
    }

    [Fact]
    public async Task DownloadCurrentAsync_PointerHashDiffersFromModel_ThrowsModelIntegrity()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        await registry.PromoteAsync(model.Version);
        var forged = new ModelPointer(model.Version, new string('0', 64), DateTimeOffset.UtcNow, null);
        await registry.Container.GetBlobClient("current.json")
            .UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(forged)), overwrite: true);

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.DownloadCurrentAsync());

        Assert.Equal(new string('0', 64), ex.ExpectedSha256);
    }

    [Fact]
    public async Task GetCurrentAsync_UnreadablePointer_ThrowsModelIntegrityAndPromoteRepairsIt()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        await registry.Container.GetBlobClient("current.json")
            .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("{ not json")), overwrite: true);
        ETag corruptETag = (await registry.GetCurrentETagAsync())!.Value;

        await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.GetCurrentAsync());
        CurrentModel repaired = await registry.PromoteAsync(model.Version, corruptETag);

        Assert.Equal(model.Version, (await registry.GetCurrentAsync())!.Version);
        Assert.Null(repaired.Content.PreviousVersion);
    }

    [Fact]
    public async Task GetCurrentAsync_PointerJson_HasDocumentedFieldNames()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        await registry.PromoteAsync(model.Version);

        string json = (await registry.Container.GetBlobClient("current.json").DownloadContentAsync()).Value.Content.ToString();

        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal(model.Version, (string?)node["version"]);
        Assert.Equal(model.Manifest.Sha256, (string?)node["sha256"]);
        Assert.NotNull(node["promotedAt"]);
        Assert.Null(node["previousVersion"]);
    }

    /// <summary>What one of several concurrent promotions ended with: the pointer it wrote, or its exception.</summary>
    private sealed record PromotionOutcome(CurrentModel? Written, Exception? Error)
    {
        public static async Task<PromotionOutcome> Of(Task<CurrentModel> promotion)
        {
            try
            {
                return new PromotionOutcome(await promotion, null);
            }
            catch (ModelRegistryException ex)
            {
                return new PromotionOutcome(null, ex);
            }
        }
    }
}
