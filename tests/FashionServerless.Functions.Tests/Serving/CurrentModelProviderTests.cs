using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Serving;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using Microsoft.Extensions.Primitives;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Serving;

public sealed class CurrentModelProviderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Photo = TestImages.Jpeg(64, 64, new Rgb24(200, 10, 10));

    [Fact]
    public async Task AcquireAsync_NewVersionPromotedDuringCall_InFlightLeaseKeepsWorkingUntilDisposed()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest first = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        CurrentModelProvider provider = harness.Models;
        ModelLease inFlight = await provider.AcquireAsync();
        IChangeToken token = provider.GetReloadToken();

        ModelManifest second = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlueShoes));
        // The check runs off the request path; awaiting it stands for the reload interval passing.
        await provider.RefreshAsync();
        using (ModelLease next = await provider.AcquireAsync())
        {
            Assert.Equal(second.Version, next.Version);
            Assert.Equal(second.Version, next.Classifier.ClassifyImage(Photo).ModelVersion);
        }

        // The swapped-out model still serves the call that leased it...
        Assert.True(token.HasChanged);
        Assert.Equal(first.Version, inFlight.Classifier.ClassifyImage(Photo).ModelVersion);
        OnnxClassifier old = inFlight.Classifier;
        inFlight.Dispose();
        // ...and its session is released once that call ends.
        Assert.Throws<ObjectDisposedException>(() => old.ClassifyImage(Photo));
        Assert.Equal(second.Version, provider.CurrentVersion);
    }

    [Fact]
    public async Task AcquireAsync_NothingPromoted_ThrowsNonePublished()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => harness.Models.AcquireAsync());

        Assert.True(error.NonePublished);
        Assert.Null(harness.Models.CurrentVersion);
    }

    [Fact]
    public async Task AcquireAsync_OnlyPromotedModelCorrupt_ThrowsUnavailableNotNonePublished()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest bad = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await harness.Registry.Container.GetBlobClient($"{bad.Version}/model.onnx").UploadAsync(BinaryData.FromString("not a model"), overwrite: true);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => harness.Models.AcquireAsync());

        Assert.False(error.NonePublished);
        Assert.Contains(bad.Version, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_WithinInterval_DoesNotSeePromotionUntilRefresh()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["FashionServerless:Model:ReloadIntervalSeconds"] = "3600",
        });
        ModelManifest first = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        using (ModelLease lease = await harness.Models.AcquireAsync())
        {
            Assert.Equal(first.Version, lease.Version);
        }

        ModelManifest second = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlueShoes));
        using (ModelLease lease = await harness.Models.AcquireAsync())
        {
            Assert.Equal(first.Version, lease.Version);
        }

        await harness.Models.RefreshAsync();
        using (ModelLease lease = await harness.Models.AcquireAsync())
        {
            Assert.Equal(second.Version, lease.Version);
        }
    }

    [Fact]
    public async Task AcquireAsync_PromotedModelNeedsUnknownPreprocessing_IsRefusedAndPreviousKeepsServing()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest first = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        using (await harness.Models.AcquireAsync())
        {
        }

        // A model from a newer trainer whose preprocessing this build does not know: serving it with another version's
        // pixels would quietly cost accuracy.
        var newer = harness.ConstantModel(ReferenceScores.BlueShoes);
        await harness.PublishAndPromoteAsync(newer, newer.Manifest with { Preprocessing = newer.Manifest.Preprocessing with { Version = 99 } });
        await harness.Models.RefreshAsync();

        using ModelLease lease = await harness.Models.AcquireAsync();
        Assert.Equal(first.Version, lease.Version);
        Assert.Equal(first.Version, lease.Classifier.ClassifyImage(Photo).ModelVersion);
    }

    [Fact]
    public async Task AcquireAsync_OnlyPromotedModelNeedsUnknownPreprocessing_ThrowsUnavailableNamingTheVersion()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        var model = harness.ConstantModel(ReferenceScores.BlackDressShirt);
        await harness.PublishAndPromoteAsync(model, model.Manifest with { Preprocessing = model.Manifest.Preprocessing with { Version = 99 } });

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => harness.Models.AcquireAsync());

        var refusal = Assert.IsType<ModelLoadException>(error.InnerException);
        Assert.Equal(ModelLoadFailure.UnsupportedPreprocessing, refusal.Failure);
        Assert.Contains("preprocessing version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_FirstLoad_ReportsWhereTheLoadTimeWent()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        ModelLoadTimings? timings = null;
        harness.Models.Reloaded += (_, e) => timings = e.Timings;

        using (await harness.Models.AcquireAsync())
        {
        }

        Assert.NotNull(timings);
        Assert.True(timings.Download > TimeSpan.Zero && timings.HashCheck > TimeSpan.Zero && timings.SessionCreation > TimeSpan.Zero, $"{timings}");
        Assert.Equal(timings.Download + timings.HashCheck + timings.SessionCreation, timings.Total);
    }
}
