using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Logging;
using FashionServerless.Testing.Models;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Serving;

/// <summary>
/// The warm-up a serving instance runs at start, against a real Azurite and real ONNX Runtime sessions; the registry's
/// requests go through a <see cref="StorageRequestGate"/>, so "an upload arrives while the warm-up is loading" is a
/// state the test holds, not a race.
/// </summary>
public sealed class ServingWarmupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const int FirstLoadedEvent = 3000;
    private const int WarmedUpEvent = 3006;
    private const int NothingToWarmEvent = 3007;
    private const int WarmupFailedEvent = 3008;

    private readonly StorageRequestGate _gate = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TestModel _model = TestModels.CreateSeededConvNet(seed: 5);

    public void Dispose()
    {
        _model.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task RunAsync_ModelPromoted_LoadsItAndClassifiesOnceSoTheFirstUploadFindsItServing()
    {
        ModelRegistry registry = await RegistryWithPromotedModelAsync();
        using CurrentModelProvider provider = Provider(registry);

        bool warm = await Warmup(provider).RunAsync();

        Assert.True(warm);
        Assert.Equal(_model.Manifest.Version, provider.CurrentVersion);
        RecordedLog log = Assert.Single(_logs.Entries, e => e.EventId == WarmedUpEvent);
        Assert.Contains(_model.Manifest.Version, log.Message, StringComparison.Ordinal);
        // The upload that comes next leases the loaded model: no second load.
        using ModelLease lease = await provider.AcquireAsync();
        Assert.Equal(_model.Manifest.Version, lease.Version);
        Assert.Equal(1, _logs.Count(FirstLoadedEvent));
        Assert.Equal(1, _gate.Count($"GET {registry.Container.Name}/{_model.Manifest.Version}/model.onnx"));
    }

    [Fact]
    public void OpenPhoto_Embedded_IsAWhiteCatalogueSizedJpegLikeARealUpload()
    {
        // The warm-up must take the path a catalogue upload takes: a JPEG of about 480x640 (version 2 decodes it scaled).
        using Stream photo = ServingWarmup.OpenPhoto();
        using var copy = new MemoryStream();
        photo.CopyTo(copy);
        byte[] bytes = copy.ToArray();

        Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
        using Image<Rgb24> image = Image.Load<Rgb24>(bytes);
        Assert.Equal((480, 640), (image.Width, image.Height));
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (Rgb24 pixel in rows.GetRowSpan(y))
                {
                    Assert.True(pixel is { R: >= 250, G: >= 250, B: >= 250 }, $"row {y} is not white: {pixel}");
                }
            }
        });
    }

    [Fact]
    public async Task RunAsync_UploadArrivesWhileItLoads_BothShareOneLoad()
    {
        ModelRegistry registry = await RegistryWithPromotedModelAsync();
        using CurrentModelProvider provider = Provider(registry);
        HeldRequests download = _gate.Hold(r => r == $"GET {registry.Container.Name}/{_model.Manifest.Version}/model.onnx");

        Task<bool> warming = Warmup(provider).RunAsync();
        await download.FirstHeld;
        Task<ModelLease> upload = provider.AcquireAsync();
        Assert.False(upload.IsCompleted);
        download.Release();

        using ModelLease lease = await upload;
        Assert.True(await warming);
        Assert.Equal(_model.Manifest.Version, lease.Version);
        Assert.Equal(1, download.Count);
        Assert.Equal(1, _logs.Count(FirstLoadedEvent));
    }

    [Fact]
    public async Task RunAsync_NoModelPromoted_ReturnsFalseAndSaysSoWithoutFailing()
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("models");
        using CurrentModelProvider provider = Provider(new ModelRegistry(container));

        bool warm = await Warmup(provider).RunAsync();

        Assert.False(warm);
        Assert.Null(provider.CurrentVersion);
        RecordedLog log = Assert.Single(_logs.Entries, e => e.EventId == NothingToWarmEvent);
        Assert.Contains("No model has been promoted", log.Message, StringComparison.Ordinal);
        Assert.Equal(0, _logs.Count(WarmupFailedEvent));
    }

    [Fact]
    public async Task RunAsync_StorageUnreachable_ReturnsFalseAndLogsAWarningForTheFirstUploadToRetry()
    {
        var unreachable = new BlobServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } });
        using CurrentModelProvider provider = Provider(new ModelRegistry(unreachable.GetBlobContainerClient("models")));

        bool warm = await Warmup(provider).RunAsync();

        Assert.False(warm);
        Assert.Equal(1, _logs.Count(WarmupFailedEvent));
        Assert.Null(provider.CurrentVersion);
    }

    [Fact]
    public async Task RunAsync_InstanceStopping_ThrowsOperationCanceled()
    {
        ModelRegistry registry = await RegistryWithPromotedModelAsync();
        using CurrentModelProvider provider = Provider(registry);
        HeldRequests download = _gate.Hold(r => r.EndsWith("/model.onnx", StringComparison.Ordinal));
        using var stopping = new CancellationTokenSource();

        Task<bool> warming = Warmup(provider).RunAsync(stopping.Token);
        await download.FirstHeld;
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => warming);
        Assert.Equal(0, _logs.Count(WarmupFailedEvent));
        download.Release();
    }

    private ServingWarmup Warmup(CurrentModelProvider provider) => new(provider, TimeProvider.System, _logs.CreateLogger<ServingWarmup>());

    private CurrentModelProvider Provider(ModelRegistry registry) =>
        new(registry, Options.Create(new CurrentModelOptions { ReloadIntervalSeconds = 30, IntraOpThreads = 1 }), TimeProvider.System, _logs.CreateLogger<CurrentModelProvider>());

    /// <summary>A container with the test model published and promoted, read through the gate.</summary>
    private async Task<ModelRegistry> RegistryWithPromotedModelAsync()
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("models");
        var plain = new ModelRegistry(container);
        await plain.PublishAsync(_model.Manifest, BinaryData.FromBytes(_model.OnnxBytes));
        await plain.PromoteAsync(_model.Manifest.Version);
        return new ModelRegistry(_gate.Container(azurite.ConnectionString, container.Name));
    }
}
