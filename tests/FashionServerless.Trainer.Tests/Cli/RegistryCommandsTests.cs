using Azure.Storage.Blobs;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Tests.Publishing;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>publish, list, promote (gate and --force) and rollback through the command line, against Azurite.</summary>
public sealed class RegistryCommandsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PublishListPromoteRefuseForceRollback_FollowTheGate()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        await GateModels.FillAsync(azurite.BlobServiceClient.GetBlobContainerClient(layout.Evaluation));
        using TestModel good = GateModels.Good();
        using TestModel bad = GateModels.Bad();
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);

        Assert.Equal(ExitCodes.Success, (await Run(layout, "publish", "--model-dir", good.Directory)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run(layout, "publish", "--model-dir", bad.Directory)).ExitCode);
        CliRun first = await Run(layout, "promote", good.Manifest.Version);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Equal(good.Manifest.Version, (await registry.GetCurrentAsync())!.Version);

        CliRun refused = await Run(layout, "promote", bad.Manifest.Version);
        Assert.True(refused.ExitCode == ExitCodes.Success, refused.ToString());
        Assert.Contains("Not promoted", refused.Output, StringComparison.Ordinal);
        Assert.Contains("0.0000 vs current", refused.Output, StringComparison.Ordinal);
        Assert.Equal(good.Manifest.Version, (await registry.GetCurrentAsync())!.Version);

        CliRun list = await Run(layout, "list");
        Assert.Contains($"*  {good.Manifest.Version}", list.Output, StringComparison.Ordinal);
        Assert.Contains(bad.Manifest.Version, list.Output, StringComparison.Ordinal);

        CliRun forced = await Run(layout, "promote", bad.Manifest.Version, "--force");
        Assert.True(forced.ExitCode == ExitCodes.Success, forced.ToString());
        Assert.Contains("--force", forced.Output, StringComparison.Ordinal);
        Assert.Equal(bad.Manifest.Version, (await registry.GetCurrentAsync())!.Version);

        CliRun rollback = await Run(layout, "rollback");
        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        Assert.Equal(good.Manifest.Version, (await registry.GetCurrentAsync())!.Version);
    }

    [Fact]
    public async Task Publish_SameVersionTwice_ExitsWithConflictCode()
    {
        BlobLayoutOptions layout = azurite.UniqueLayout();
        using TestModel model = GateModels.Good();
        await Run(layout, "publish", "--model-dir", model.Directory);

        CliRun again = await Run(layout, "publish", "--model-dir", model.Directory);

        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.Contains("already exists", again.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_CorruptModelFile_ExitsWithModelCode()
    {
        BlobLayoutOptions layout = azurite.UniqueLayout();
        using TestModel model = GateModels.Good();
        await File.WriteAllBytesAsync(model.ModelPath, [1, 2, 3]);

        CliRun run = await Run(layout, "publish", "--model-dir", model.Directory);

        Assert.Equal(ExitCodes.Model, run.ExitCode);
        Assert.Contains("SHA-256", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_NothingCurrent_ExitsWithModelCode()
    {
        CliRun run = await Run(azurite.UniqueLayout(), "rollback");

        Assert.Equal(ExitCodes.Model, run.ExitCode);
        Assert.Contains("no model is current", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnreachableStorage_ExitsWithStorageCodeAndOneLine()
    {
        CliRun run = await CliRun.RunAsync(null, "list", "--storage", UnreachableStorage.ConnectionString);

        Assert.Equal(ExitCodes.Storage, run.ExitCode);
        Assert.StartsWith("error: Cannot reach storage at http://127.0.0.1:1/devstoreaccount1", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainPublish_EmptyEvaluationContainer_GatesOnTestSplitPromotesAndPublishesReport()
    {
        BlobLayoutOptions layout = azurite.UniqueLayout();
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await Run(layout, [.. TinyDataSet.TrainArgs(data, output, "--publish", "--val-fraction", "0.125", "--test-fraction", "0.125")]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("test split", run.Output, StringComparison.Ordinal);
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.True(manifest.Promotion!.Promoted);
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        Assert.Equal(manifest.Version, (await registry.GetCurrentAsync())!.Version);
        Assert.Equal(manifest.Promotion, (await registry.GetManifestAsync(manifest.Version)).Promotion);
        BlobContainerClient models = azurite.BlobServiceClient.GetBlobContainerClient(layout.Models);
        Assert.True(await models.GetBlobClient($"{manifest.Version}/report/report.html").ExistsAsync());
        Assert.True(await models.GetBlobClient($"{manifest.Version}/report/loss.png").ExistsAsync());
    }

    [Fact]
    public async Task TrainPublish_NothingHeldOutAndNoEvaluationImages_FirstModelPromotedLaterOnlyWithForce()
    {
        BlobLayoutOptions layout = azurite.UniqueLayout();
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data);
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);

        CliRun first = await Run(layout, [.. TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "first"), "--publish")]);
        string firstVersion = (await registry.GetCurrentAsync())!.Version;
        CliRun second = await Run(layout, [.. TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "second"), "--publish")]);
        CliRun forced = await Run(layout, [.. TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "forced"), "--publish", "--force")]);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Contains("first published model becomes current", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Contains("NOT promoted", second.Output, StringComparison.Ordinal);
        Assert.Contains("no labelled images to compare it with", second.Output, StringComparison.Ordinal);
        ModelManifest forcedManifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(folder.Path, "forced", "manifest.json")), "manifest");
        Assert.True(forcedManifest.Promotion!.Forced);
        Assert.Null(forcedManifest.Promotion.CandidateMacroF1);
        Assert.Equal(forcedManifest.Version, (await registry.GetCurrentAsync())!.Version);
        Assert.NotEqual(firstVersion, forcedManifest.Version);
    }

    private Task<CliRun> Run(BlobLayoutOptions layout, params string[] args) =>
        CliRun.RunAsync(layout, [.. args, "--storage", azurite.ConnectionString]);
}
