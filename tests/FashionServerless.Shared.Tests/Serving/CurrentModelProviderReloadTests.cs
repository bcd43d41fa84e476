using Azure.Storage.Blobs;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Logging;
using FashionServerless.Testing.Models;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Serving;

/// <summary>
/// A reload must not stall traffic. The clock is a <see cref="FakeTimeProvider"/> (the check interval passes when the
/// test says so) and the registry's storage requests go through a <see cref="StorageRequestGate"/> that holds the
/// reload's download for as long as the test wants, so "while a model loads" is a state the test controls, not a race.
/// </summary>
public sealed class CurrentModelProviderReloadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const int Interval = 30;
    private const int FirstLoadedEvent = 3000;
    private const int ReloadedEvent = 3001;
    private const int RefusedEvent = 3002;
    private const int PointerMissingEvent = 3003;
    private const int CheckFailedEvent = 3004;
    private const int StillRefusedEvent = 3005;
    private static readonly byte[] Photo = TestImages.Jpeg(64, 64, new Rgb24(200, 10, 10));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 14, 10, 0, 0, TimeSpan.Zero));
    private readonly StorageRequestGate _gate = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly List<TestModel> _models = [];

    public void Dispose()
    {
        foreach (TestModel model in _models)
        {
            model.Dispose();
        }
    }

    [Fact]
    public async Task AcquireAsync_WhileNewModelLoads_EveryCallLeasesCurrentAtOnceAndPointerIsReadOnce()
    {
        (ModelRegistry registry, ModelRegistry gated) = await RegistriesAsync();
        ModelManifest first = await PublishAndPromoteAsync(registry, 1);
        using CurrentModelProvider provider = Provider(gated);
        (await provider.AcquireAsync()).Dispose();
        ModelManifest second = await PublishAndPromoteAsync(registry, 2);
        HeldRequests download = _gate.Hold(r => r == $"GET {registry.Container.Name}/{second.Version}/model.onnx");
        Task<RecordedLog> reloaded = _logs.WaitForAsync(ReloadedEvent);
        _time.Advance(TimeSpan.FromSeconds(Interval));

        // The call that finds the check due starts it and leases the current model without waiting for it.
        Task<ModelLease> starter = provider.AcquireAsync();
        Assert.True(starter.IsCompletedSuccessfully, "The call that started the check waited for it.");
        await download.FirstHeld;
        // While the new model's download is held, many calls (and more than one interval) go by: none waits, none
        // reads the pointer again, all classify with the model serving now.
        var leases = new List<Task<ModelLease>> { starter };
        for (int i = 0; i < 200; i++)
        {
            if (i == 100)
            {
                _time.Advance(TimeSpan.FromSeconds(Interval * 3));
            }

            leases.Add(provider.AcquireAsync());
        }

        Assert.All(leases, t => Assert.True(t.IsCompletedSuccessfully, "A call waited behind the reload."));
        foreach (Task<ModelLease> lease in leases)
        {
            using ModelLease held = await lease;
            Assert.Equal(first.Version, held.Classifier.ClassifyImage(Photo).ModelVersion);
        }

        Assert.Equal(1, _gate.Count($"HEAD {registry.Container.Name}/current.json"));
        Assert.Equal(1, download.Count);
        Assert.False(reloaded.IsCompleted);

        download.Release();
        await reloaded;
        // Still the one pointer read: the load itself did not check again. (The clock moved past the next interval
        // while it loaded, so the next call may start a new check; that one is legitimate.)
        Assert.Equal(1, _gate.Count($"HEAD {registry.Container.Name}/current.json"));
        using ModelLease next = await provider.AcquireAsync();
        Assert.Equal(second.Version, next.Classifier.ClassifyImage(Photo).ModelVersion);
    }

    [Fact]
    public async Task AcquireAsync_ColdStartWithManyCallers_OneLoadServesThemAll()
    {
        (ModelRegistry registry, ModelRegistry gated) = await RegistriesAsync();
        ModelManifest model = await PublishAndPromoteAsync(registry, 1);
        using CurrentModelProvider provider = Provider(gated);
        HeldRequests pointer = _gate.Hold(r => r == $"GET {registry.Container.Name}/current.json");

        // Nothing serves yet, so these calls must wait; they wait on one load, not in a queue of loads.
        Task<ModelLease>[] callers = [.. Enumerable.Range(0, 50).Select(_ => provider.AcquireAsync())];
        await pointer.FirstHeld;
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        pointer.Release();
        ModelLease[] leases = await Task.WhenAll(callers);

        Assert.All(leases, l => Assert.Equal(model.Version, l.Version));
        Assert.Equal(1, pointer.Count);
        Assert.Equal((1, 0), (_logs.Count(FirstLoadedEvent), _logs.Count(ReloadedEvent)));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("(null)", StringComparison.Ordinal));
        foreach (ModelLease lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task AcquireAsync_PointerCheckFailsInStorage_CallsKeepTheModelAndTheFailureIsLoggedOncePerCheck()
    {
        (ModelRegistry registry, ModelRegistry gated) = await RegistriesAsync();
        ModelManifest model = await PublishAndPromoteAsync(registry, 1);
        using CurrentModelProvider provider = Provider(gated);
        (await provider.AcquireAsync()).Dispose();
        HeldRequests outage = _gate.Hold(r => r.StartsWith($"HEAD {registry.Container.Name}/current.json", StringComparison.Ordinal));
        outage.Fail();

        for (int check = 1; check <= 3; check++)
        {
            _time.Advance(TimeSpan.FromSeconds(Interval));
            for (int call = 0; call < 50; call++)
            {
                Task<ModelLease> lease = provider.AcquireAsync();
                Assert.True(lease.IsCompletedSuccessfully);
                using ModelLease held = await lease;
                Assert.Equal(model.Version, held.Version);
            }

            await provider.CheckInFlight;
        }

        Assert.Equal(3, _logs.Count(CheckFailedEvent));
        Assert.Equal(3, outage.Count);
    }

    [Fact]
    public async Task AcquireAsync_PointerDeletedThenCorruptThenRepromoted_LastGoodServesAndEachCheckLogsOnce()
    {
        (ModelRegistry registry, ModelRegistry gated) = await RegistriesAsync();
        ModelManifest first = await PublishAndPromoteAsync(registry, 1);
        using CurrentModelProvider provider = Provider(gated);
        (await provider.AcquireAsync()).Dispose();
        BlobClient pointer = registry.Container.GetBlobClient("current.json");

        await pointer.DeleteAsync();
        await CheckWithCallsAsync(provider, first.Version);
        await CheckWithCallsAsync(provider, first.Version);
        Assert.Equal(2, _logs.Count(PointerMissingEvent));

        await pointer.UploadAsync(BinaryData.FromString("{ not json"), overwrite: true);
        await CheckWithCallsAsync(provider, first.Version);
        Assert.Equal(1, _logs.Count(RefusedEvent));
        // The same bad pointer is not downloaded again, only reported again at each check.
        int pointerDownloads = _gate.Count($"GET {registry.Container.Name}/current.json");
        await CheckWithCallsAsync(provider, first.Version);
        Assert.Equal(1, _logs.Count(StillRefusedEvent));
        Assert.Equal(pointerDownloads, _gate.Count($"GET {registry.Container.Name}/current.json"));

        ModelManifest second = await PublishAndPromoteAsync(registry, 2);
        await CheckWithCallsAsync(provider, first.Version);
        using ModelLease lease = await provider.AcquireAsync();

        Assert.Equal(second.Version, lease.Classifier.ClassifyImage(Photo).ModelVersion);
        // One line per check that met a problem: 5 checks, 4 problems, 150 calls.
        Assert.Equal((2, 1, 1), (_logs.Count(PointerMissingEvent), _logs.Count(RefusedEvent), _logs.Count(StillRefusedEvent)));
        Assert.Equal(5, _gate.Count($"HEAD {registry.Container.Name}/current.json"));
    }

    [Fact]
    public async Task RefreshAsync_AfterPromotion_SeesItEvenWithACheckInFlight()
    {
        (ModelRegistry registry, ModelRegistry gated) = await RegistriesAsync();
        await PublishAndPromoteAsync(registry, 1);
        using CurrentModelProvider provider = Provider(gated);
        (await provider.AcquireAsync()).Dispose();
        HeldRequests check = _gate.Hold(r => r == $"HEAD {registry.Container.Name}/current.json", afterResponse: true);
        _time.Advance(TimeSpan.FromSeconds(Interval));
        (await provider.AcquireAsync()).Dispose();
        await check.FirstHeld;

        // The check in flight read the pointer before this promotion; RefreshAsync must not stop at it.
        ModelManifest second = await PublishAndPromoteAsync(registry, 2);
        Task refresh = provider.RefreshAsync();
        check.Release();
        await refresh;

        Assert.Equal(second.Version, provider.CurrentVersion);
        Assert.Equal(2, check.Count);
    }

    private async Task CheckWithCallsAsync(CurrentModelProvider provider, string expectedVersion)
    {
        _time.Advance(TimeSpan.FromSeconds(Interval));
        for (int call = 0; call < 30; call++)
        {
            Task<ModelLease> lease = provider.AcquireAsync();
            Assert.True(lease.IsCompletedSuccessfully);
            using ModelLease held = await lease;
            Assert.Equal(expectedVersion, held.Version);
        }

        await provider.CheckInFlight;
    }

    private CurrentModelProvider Provider(ModelRegistry registry) =>
        new(registry, Options.Create(new CurrentModelOptions { ReloadIntervalSeconds = Interval, IntraOpThreads = 1 }), _time, _logs.CreateLogger<CurrentModelProvider>());

    /// <summary>One registry to set up with, and one on the same container whose requests go through the gate.</summary>
    private async Task<(ModelRegistry Plain, ModelRegistry Gated)> RegistriesAsync()
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("models");
        return (new ModelRegistry(container), new ModelRegistry(_gate.Container(azurite.ConnectionString, container.Name)));
    }

    private async Task<ModelManifest> PublishAndPromoteAsync(ModelRegistry registry, int seed)
    {
        TestModel model = TestModels.CreateSeededConvNet(seed: seed);
        _models.Add(model);
        await registry.PublishAsync(model.Manifest, BinaryData.FromBytes(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        return model.Manifest;
    }
}
