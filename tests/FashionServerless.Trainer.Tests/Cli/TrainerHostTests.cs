using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Tests.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>The command line's host: the function app's registration over the process's settings, and the ways to name storage.</summary>
public sealed class TrainerHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string OptionUri = "https://fromoption.blob.core.windows.net";
    private const string EnvironmentUri = "https://fromenvironment.blob.core.windows.net";
    private const string IdentityUri = "https://fromidentity.blob.core.windows.net";

    [Theory]
    [InlineData(null, null, null, "http://127.0.0.1:10000/devstoreaccount1", "the default UseDevelopmentStorage=true")]
    [InlineData(null, null, IdentityUri, IdentityUri, "the PipelineStorage setting")]
    [InlineData(null, EnvironmentUri, IdentityUri, EnvironmentUri, "FASHIONSERVERLESS_STORAGE")]
    [InlineData(OptionUri, EnvironmentUri, IdentityUri, OptionUri, "--storage")]
    public void Build_StorageNamedSeveralWays_OptionThenVariableThenConnectionThenAzurite(
        string? option, string? environment, string? identityUri, string expectedUri, string expectedSource)
    {
        var settings = new Dictionary<string, string?> { [StorageSettings.TrainerEnvironmentVariable] = environment };
        if (identityUri is not null)
        {
            // The identity-based form infra gives the function app (functions.bicep).
            settings["PipelineStorage:blobServiceUri"] = identityUri;
            settings["PipelineStorage:credential"] = "managedidentity";
            settings["PipelineStorage:clientId"] = "00000000-0000-0000-0000-000000000001";
        }

        using TrainerHost host = TrainerHost.Build(Configuration(settings), option, []);

        Assert.Equal(new Uri(expectedUri).AbsoluteUri.TrimEnd('/'), host.Services.GetRequiredService<BlobServiceClient>().Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal(expectedSource, host.StorageSource);
    }

    [Fact]
    public void Build_AnySetting_KeepsTheShortRetryBudgetForAPersonAtATerminal()
    {
        using TrainerHost host = TrainerHost.Build(Configuration([]), storageOption: null, []);

        BlobClientOptions options = host.Services.GetRequiredService<IOptionsMonitor<BlobClientOptions>>().Get(StorageSettings.ConnectionName);

        Assert.Equal(2, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Retry.Delay);
    }

    [Fact]
    public void Build_ModelAndEvaluationSettings_BoundAsInTheFunctionApp()
    {
        using TrainerHost host = TrainerHost.Build(Configuration(new()
        {
            ["FashionServerless:Model:ReloadIntervalSeconds"] = "7",
            ["FashionServerless:Evaluation:BatchSize"] = "3",
        }), storageOption: null, TrainerHost.Container("Evaluation", "held-out"));

        Assert.Equal(7, host.Services.GetRequiredService<IOptions<CurrentModelOptions>>().Value.ReloadIntervalSeconds);
        Assert.Equal(3, host.Services.GetRequiredService<IOptions<Shared.Evaluation.EvaluationOptions>>().Value.BatchSize);
        Assert.Equal("held-out", host.Services.GetRequiredService<IOptions<BlobLayoutOptions>>().Value.Evaluation);
    }

    [Fact]
    public async Task List_ModelsContainerSetting_ReadsTheConfiguredRegistry()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = GateModels.Good();
        await new ModelRegistry(azurite.BlobServiceClient, layout).PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));

        CliRun run = await CliRun.RunWithSettingsAsync(new Dictionary<string, string?>
        {
            ["FashionServerless:Blobs:Models"] = layout.Models,
            [StorageSettings.TrainerEnvironmentVariable] = azurite.ConnectionString,
        }, "list");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains(model.Manifest.Version, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FashionServerless:Blobs:Models", "Bad_Name", "Models")]
    [InlineData("FashionServerless:Blobs:Predictions", "uploads", "Uploads, Predictions all name container 'uploads'")]
    [InlineData("FashionServerless:Model:ReloadIntervalSeconds", "-1", "ReloadIntervalSeconds")]
    [InlineData("FashionServerless:Evaluation:BatchSize", "0", "BatchSize")]
    public async Task AnyCommand_InvalidSetting_ExitsWithUsageCodeAndOneLineNamingIt(string key, string value, string named)
    {
        CliRun run = await CliRun.RunWithSettingsAsync(new Dictionary<string, string?> { [key] = value }, "synth", "--output", Path.GetTempPath());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: invalid settings: ", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(named, run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_ContainerOptionClashingWithAnotherContainer_ExitsWithUsageCode()
    {
        CliRun run = await CliRun.RunAsync(null, "classify", "--container", "predictions");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Uploads, Predictions all name container 'predictions'", run.ErrorLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" + SecretKey + "!!")]
    public async Task List_UnusableStorageOption_ExitsWithStorageCodeNamingTheOptionWithoutEchoingIt(string value)
    {
        CliRun run = await CliRun.RunAsync(null, "list", "--storage", value);

        Assert.Equal(ExitCodes.Storage, run.ExitCode);
        Assert.Contains("from --storage cannot be used", run.ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain(value, run.ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SasUri_ExitsWithStorageCodeWithoutEchoingTheToken()
    {
        CliRun run = await CliRun.RunAsync(null, "list", "--storage", $"https://fashionstore.blob.core.windows.net/?sv=2024-11-04&sig={SecretKey}");

        Assert.Equal(ExitCodes.Storage, run.ExitCode);
        Assert.Contains("SAS", run.ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, run.Error, StringComparison.Ordinal);
    }

    private const string SecretKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
