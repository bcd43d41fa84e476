using Azure;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Shared.Tests.Registry;

/// <summary>
/// A training run that dies while it publishes or promotes: every storage request from the chosen one on fails, as
/// they would for a process killed there (what it wrote before stays, nothing after happens). The registry stays
/// consistent (the current model is still the previous one, complete and loadable; a half-published version is not
/// listed and cannot be promoted) and the next run publishes and promotes normally. Training and export write nothing
/// to the registry (the trainer publishes only after both), so a kill there leaves it untouched by construction.
/// </summary>
public sealed class ModelRegistryCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, bool> Stages => new()
    {
        { "model.onnx", false },
        { "report/index.html", false },
        { "manifest.json", false },
        { "current.json", false },
        // The write reached storage but the process died before it saw the answer.
        { "manifest.json", true },
        { "current.json", true },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task PublishAndPromote_KilledAtStage_RegistryConsistentAndNextRunSucceeds(string blob, bool afterWrite)
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("models");
        var plain = new ModelRegistry(container);
        SampleModel previous = SampleModel.Create(0), killed = SampleModel.Create(1), next = SampleModel.Create(2);
        await plain.PublishAsync(previous.Manifest, new BinaryData(previous.Onnx));
        CurrentModel before = await plain.PromoteAsync(previous.Version);
        var gate = new StorageRequestGate();
        var dying = new ModelRegistry(gate.Container(azurite.ConnectionString, container.Name));
        string target = blob == "current.json" ? $"PUT {container.Name}/current.json" : $"PUT {container.Name}/{killed.Version}/{blob}";
        HeldRequests death = gate.Hold(r => r == target, afterResponse: afterWrite);
        death.Fail();

        var report = new Dictionary<string, BinaryData> { ["index.html"] = BinaryData.FromString("<html></html>") };
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await dying.PublishAsync(killed.Manifest, new BinaryData(killed.Onnx), report);
            await dying.PromoteAsync(killed.Version, before.ETag);
        });

        Assert.Equal(1, gate.Count(target));
        CurrentModel? current = await plain.GetCurrentAsync();
        bool pointerWritten = blob == "current.json" && afterWrite;
        bool manifestWritten = blob == "current.json" || (blob == "manifest.json" && afterWrite);
        Assert.Equal(pointerWritten ? killed.Version : previous.Version, current!.Version);
        // Whatever is current is complete: its model downloads and matches its manifest's hash.
        Assert.Equal(current.Version, (await plain.DownloadCurrentAsync())!.Package.Manifest.Version);
        IReadOnlyList<string> listed = [.. (await plain.ListAsync()).Select(m => m.Version)];
        Assert.Equal(manifestWritten, listed.Contains(killed.Version));
        if (!manifestWritten)
        {
            await Assert.ThrowsAsync<ModelNotFoundException>(() => plain.PromoteAsync(killed.Version));
        }

        // The next run: a new version, published and promoted against the pointer as it now is.
        await plain.PublishAsync(next.Manifest, new BinaryData(next.Onnx), report);
        CurrentModel promoted = await plain.PromoteAsync(next.Version, current.ETag);
        Assert.Equal(next.Version, (await plain.DownloadCurrentAsync())!.Package.Manifest.Version);
        Assert.Equal(current.Version, promoted.Content.PreviousVersion);
    }

    [Fact]
    public async Task PromoteAsync_TwoRunsRacing_ExactlyOneWinsAndTheLoserGetsAClearConflict()
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("models");
        var registry = new ModelRegistry(container);
        SampleModel first = SampleModel.Create(0), a = SampleModel.Create(1), b = SampleModel.Create(2);
        foreach (SampleModel model in new[] { first, a, b })
        {
            await registry.PublishAsync(model.Manifest, new BinaryData(model.Onnx));
        }

        CurrentModel read = await registry.PromoteAsync(first.Version);
        // Both runs decided against the same pointer (their gates read it), then promote at once.
        Task<CurrentModel>[] racing = [Task.Run(() => registry.PromoteAsync(a.Version, read.ETag)), Task.Run(() => registry.PromoteAsync(b.Version, read.ETag))];
        Exception? lost = null;
        try
        {
            await Task.WhenAll(racing);
        }
        catch (RegistryConflictException)
        {
            lost = racing.Single(t => t.IsFaulted).Exception!.InnerException;
        }

        Task<CurrentModel> won = Assert.Single(racing, t => t.IsCompletedSuccessfully);
        var conflict = Assert.IsType<RegistryConflictException>(lost);
        Assert.Contains("another writer", conflict.Message, StringComparison.Ordinal);
        Assert.Equal((await won).Version, (await registry.GetCurrentAsync())!.Version);
    }
}
