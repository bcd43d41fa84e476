using FashionServerless.Shared.Registry;

namespace FashionServerless.Shared.Tests.Registry;

public sealed partial class ModelRegistryTests
{
    [Fact]
    public async Task RollbackAsync_AfterSecondPromotion_PointsAtPreviousVersion()
    {
        SampleModel first = SampleModel.Create(0);
        SampleModel second = SampleModel.Create(1);
        ModelRegistry registry = await PublishedRegistryAsync(first, second);
        await registry.PromoteAsync(first.Version);
        CurrentModel promoted = await registry.PromoteAsync(second.Version);

        CurrentModel rolledBack = await registry.RollbackAsync(promoted.ETag);

        CurrentModel? current = await registry.GetCurrentAsync();
        Assert.Equal(first.Version, current!.Version);
        Assert.Equal(first.Manifest.Sha256, current.Content.Sha256);
        Assert.Equal(second.Version, current.Content.PreviousVersion);
        Assert.Equal(rolledBack.ETag, current.ETag);
        Assert.Equal(first.Onnx, (await registry.DownloadCurrentAsync())!.Package.OnnxModel);
    }

    [Fact]
    public async Task RollbackAsync_NoPreviousVersion_ThrowsInvalidOperationNamingTheCurrentModel()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        CurrentModel current = await registry.PromoteAsync(model.Version);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.RollbackAsync());

        Assert.Contains("no previous version", ex.Message, StringComparison.Ordinal);
        Assert.Contains(model.Version, ex.Message, StringComparison.Ordinal);
        Assert.Equal(current.ETag, await registry.GetCurrentETagAsync());
    }

    [Fact]
    public async Task RollbackAsync_NothingPromoted_ThrowsInvalidOperation()
    {
        ModelRegistry registry = await PublishedRegistryAsync(SampleModel.Create());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.RollbackAsync());

        Assert.Contains("no model has been promoted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackAsync_StaleETag_ThrowsConflictAndPointerUnchanged()
    {
        SampleModel first = SampleModel.Create(0);
        SampleModel second = SampleModel.Create(1);
        ModelRegistry registry = await PublishedRegistryAsync(first, second);
        CurrentModel stale = await registry.PromoteAsync(first.Version);
        CurrentModel latest = await registry.PromoteAsync(second.Version);

        await Assert.ThrowsAsync<RegistryConflictException>(() => registry.RollbackAsync(stale.ETag));

        Assert.Equal(latest.ETag, await registry.GetCurrentETagAsync());
    }
}
