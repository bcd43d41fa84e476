using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Shared.Tests.Registry;

/// <summary>The registry against a real Azurite; each test has its own models container. Publishing and reading here,
/// the pointer in <c>ModelRegistryTests.Pointer.cs</c>.</summary>
public sealed partial class ModelRegistryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PublishAsync_ValidModel_GetManifestAndDownloadReturnIt()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel model = SampleModel.Create();

        await registry.PublishAsync(model.Manifest, new BinaryData(model.Onnx));

        var manifest = await registry.GetManifestAsync(model.Version);
        Assert.Equal(model.Manifest.Sha256, manifest.Sha256);
        Assert.Equal(model.Manifest.Labels, manifest.Labels);
        ModelPackage package = await registry.DownloadModelAsync(model.Version);
        Assert.Equal(model.Onnx, package.OnnxModel);
        Assert.Equal(model.Version, package.Manifest.Version);
        Assert.True(await registry.Container.GetBlobClient($"{model.Version}/model.onnx").ExistsAsync());
        Assert.True(await registry.Container.GetBlobClient($"{model.Version}/manifest.json").ExistsAsync());
    }

    [Fact]
    public async Task PublishAsync_StreamWithReportFiles_StoresModelAndReportUnderVersion()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel model = SampleModel.Create();
        using var stream = new MemoryStream(model.Onnx);
        var report = new Dictionary<string, BinaryData>
        {
            ["index.html"] = BinaryData.FromString("<html></html>"),
            ["plots/loss.png"] = new BinaryData(new byte[] { 0x89, 0x50, 0x4E, 0x47 }),
        };

        await registry.PublishAsync(model.Manifest, stream, report);

        Assert.Equal(model.Onnx, (await registry.DownloadModelAsync(model.Version)).OnnxModel);
        BlobClient plot = registry.Container.GetBlobClient($"{model.Version}/report/plots/loss.png");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await plot.DownloadContentAsync()).Value.Content.ToArray());
        var html = await registry.Container.GetBlobClient($"{model.Version}/report/index.html").GetPropertiesAsync();
        Assert.Equal("text/html", html.Value.ContentType);
    }

    [Fact]
    public async Task PublishAsync_HashDiffersFromManifest_RefusedAndNothingStored()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel model = SampleModel.Create();
        byte[] other = [.. model.Onnx];
        other[0] ^= 0xFF;

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(
            () => registry.PublishAsync(model.Manifest, new BinaryData(other)));

        Assert.Equal(model.Manifest.Sha256, ex.ExpectedSha256);
        Assert.Equal(ModelHash.Sha256(other), ex.ActualSha256);
        Assert.Empty(await registry.ListAsync());
        Assert.False(await registry.Container.GetBlobClient($"{model.Version}/model.onnx").ExistsAsync());
    }

    [Fact]
    public async Task PublishAsync_ExistingVersion_RefusedWithConflictAndOriginalKept()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel first = SampleModel.Create();
        await registry.PublishAsync(first.Manifest, new BinaryData(first.Onnx));
        byte[] replacement = [.. first.Onnx.Reverse()];
        var sameVersion = first.Manifest with { Sha256 = ModelHash.Sha256(replacement) };

        await Assert.ThrowsAsync<RegistryConflictException>(
            () => registry.PublishAsync(sameVersion, new BinaryData(replacement)));

        ModelPackage kept = await registry.DownloadModelAsync(first.Version);
        Assert.Equal(first.Onnx, kept.OnnxModel);
        Assert.Equal(first.Manifest.Sha256, kept.Manifest.Sha256);
    }

    [Theory]
    [InlineData("../escape.html")]
    [InlineData("/absolute.html")]
    [InlineData("plots//double.png")]
    [InlineData("plots\\windows.png")]
    public async Task PublishAsync_UnsafeReportPath_RejectedBeforeUpload(string path)
    {
        ModelRegistry registry = NewRegistry();
        SampleModel model = SampleModel.Create();

        await Assert.ThrowsAsync<ArgumentException>(() => registry.PublishAsync(
            model.Manifest, new BinaryData(model.Onnx), new Dictionary<string, BinaryData> { [path] = BinaryData.FromString("x") }));

        Assert.False(await registry.Container.ExistsAsync());
    }

    [Fact]
    public async Task PublishAsync_MalformedVersionId_Rejected()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel model = SampleModel.Create();

        await Assert.ThrowsAsync<ArgumentException>(() => registry.PublishAsync(
            model.Manifest with { Version = "../current.json" }, new BinaryData(model.Onnx)));
    }

    [Fact]
    public async Task ListAsync_SeveralVersions_NewestFirstWithTheirMetrics()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel older = SampleModel.Create(0);
        SampleModel newest = SampleModel.Create(20);
        SampleModel middle = SampleModel.Create(10);
        foreach (SampleModel model in new[] { older, newest, middle })
        {
            await registry.PublishAsync(model.Manifest, new BinaryData(model.Onnx));
        }

        var listed = await registry.ListAsync();

        Assert.Equal([newest.Version, middle.Version, older.Version], listed.Select(m => m.Version));
        Assert.Equal(newest.Manifest.CreatedAt, listed[0].CreatedAt);
        Assert.Equal(newest.Manifest.TestMetrics!.MacroF1, listed[0].TestMetrics!.MacroF1);
    }

    [Fact]
    public async Task ListAsync_IncompletePublicationAndPointer_OnlyCompleteVersionsListed()
    {
        ModelRegistry registry = NewRegistry();
        SampleModel complete = SampleModel.Create(0);
        await registry.PublishAsync(complete.Manifest, new BinaryData(complete.Onnx));
        await registry.PromoteAsync(complete.Version);
        // A publisher that died after uploading the model: no manifest, so the version must stay invisible.
        string orphan = ModelVersion.NewId(DateTimeOffset.UtcNow);
        await registry.Container.UploadBlobAsync($"{orphan}/model.onnx", new BinaryData(new byte[] { 1, 2, 3 }));

        var listed = await registry.ListAsync();

        Assert.Equal([complete.Version], listed.Select(m => m.Version));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.GetManifestAsync(orphan));
    }

    [Fact]
    public async Task ListAsync_ContainerMissing_ReturnsEmpty()
    {
        ModelRegistry registry = NewRegistry();

        Assert.Empty(await registry.ListAsync());
        Assert.Null(await registry.GetCurrentAsync());
    }

    [Fact]
    public async Task GetManifestAsync_UnknownVersion_ThrowsModelNotFound()
    {
        ModelRegistry registry = await PublishedRegistryAsync(SampleModel.Create());
        string unknown = ModelVersion.NewId(DateTimeOffset.UtcNow);

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.GetManifestAsync(unknown));

        Assert.Equal(unknown, ex.Version);
        Assert.Contains(unknown, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadModelAsync_ModelUploadedButNoManifest_ThrowsModelNotFoundNotIntegrity()
    {
        // The manifest and the model are read together; a publication that never finished is still "not published".
        ModelRegistry registry = NewRegistry();
        await registry.Container.CreateIfNotExistsAsync();
        string orphan = ModelVersion.NewId(DateTimeOffset.UtcNow);
        await registry.Container.UploadBlobAsync($"{orphan}/model.onnx", new BinaryData(new byte[] { 1, 2, 3 }));

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.DownloadModelAsync(orphan));

        Assert.Equal(orphan, ex.Version);
    }

    [Fact]
    public async Task DownloadModelAsync_ManifestButNoModel_ThrowsModelIntegrityNamingTheMissingFile()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        await registry.Container.DeleteBlobAsync($"{model.Version}/model.onnx");

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.DownloadModelAsync(model.Version));

        Assert.Equal(model.Version, ex.Version);
        Assert.Contains("no model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadModelAsync_BlobCorruptedAfterPublish_ThrowsModelIntegrity()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        byte[] corrupted = [.. model.Onnx];
        corrupted[^1] ^= 0x01;
        await registry.Container.GetBlobClient($"{model.Version}/model.onnx").UploadAsync(new BinaryData(corrupted), overwrite: true);

        var ex = await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.DownloadModelAsync(model.Version));

        Assert.Equal(model.Version, ex.Version);
        Assert.Equal(ModelHash.Sha256(corrupted), ex.ActualSha256);
    }

    [Fact]
    public async Task GetManifestAsync_ManifestOfAnotherVersion_ThrowsModelIntegrity()
    {
        SampleModel model = SampleModel.Create();
        ModelRegistry registry = await PublishedRegistryAsync(model);
        string other = ModelVersion.NewId(DateTimeOffset.UtcNow);
        await registry.Container.GetBlobClient($"{other}/manifest.json")
            .UploadAsync(new BinaryData(Shared.Manifest.ManifestJson.SerializeToUtf8Bytes(model.Manifest)));

        await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.GetManifestAsync(other));
    }

    private ModelRegistry NewRegistry() =>
        new(azurite.BlobServiceClient.GetBlobContainerClient(azurite.UniqueContainerName("models")));

    private async Task<ModelRegistry> PublishedRegistryAsync(params SampleModel[] models)
    {
        ModelRegistry registry = NewRegistry();
        foreach (SampleModel model in models)
        {
            await registry.PublishAsync(model.Manifest, new BinaryData(model.Onnx));
        }

        return registry;
    }
}
