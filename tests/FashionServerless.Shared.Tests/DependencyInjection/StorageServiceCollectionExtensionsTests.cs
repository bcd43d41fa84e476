using Azure.Storage.Blobs;
using FashionServerless.Shared.DependencyInjection;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.Tests.DependencyInjection;

public sealed class StorageServiceCollectionExtensionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AddFashionStorage_NoBlobSection_BindsDocumentedDefaultNames()
    {
        using IHost host = BuildHost(new() { ["PipelineStorage"] = azurite.ConnectionString });

        await host.StartAsync();

        BlobLayoutOptions layout = host.Services.GetRequiredService<IOptions<BlobLayoutOptions>>().Value;
        Assert.Equal(
            ["uploads", "predictions", "models", "training", "evaluation", "metrics"],
            [layout.Uploads, layout.Predictions, layout.Models, layout.Training, layout.Evaluation, layout.Metrics]);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddFashionStorage_BlobSection_BindsConfiguredNames()
    {
        BlobLayoutOptions expected = azurite.UniqueLayout();
        using IHost host = BuildHost(new(azurite.ConfigurationFor(expected)));

        await host.StartAsync();

        BlobLayoutOptions layout = host.Services.GetRequiredService<IOptions<BlobLayoutOptions>>().Value;
        Assert.Equal(expected.Uploads, layout.Uploads);
        Assert.Equal(expected.Metrics, layout.Metrics);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Models", "Bad_Name")]
    [InlineData("Uploads", "ab")]
    [InlineData("Predictions", "-predictions")]
    [InlineData("Metrics", "met--rics")]
    [InlineData("Training", "")]
    public async Task AddFashionStorage_BadContainerName_HostFailsToStartNamingTheSetting(string setting, string name)
    {
        using IHost host = BuildHost(new()
        {
            ["PipelineStorage"] = azurite.ConnectionString,
            [$"{BlobLayoutOptions.SectionName}:{setting}"] = name,
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFashionStorage_TwoSettingsShareAContainer_HostFailsToStart()
    {
        using IHost host = BuildHost(new()
        {
            ["PipelineStorage"] = azurite.ConnectionString,
            [$"{BlobLayoutOptions.SectionName}:Predictions"] = "uploads",
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Uploads, Predictions all name container 'uploads'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFashionStorage_PipelineStorageConnection_ResolvesClientForThatAccount()
    {
        using IHost host = BuildHost(new() { ["PipelineStorage"] = azurite.ConnectionString });
        BlobServiceClient client = host.Services.GetRequiredService<BlobServiceClient>();
        BlobContainerClient container = client.GetBlobContainerClient(azurite.UniqueContainerName("di"));

        await container.CreateAsync();

        Assert.True(await azurite.BlobServiceClient.GetBlobContainerClient(container.Name).ExistsAsync());
    }

    [Fact]
    public void AddFashionStorage_NoConnectionSetting_ResolvingClientThrowsNamingTheSetting()
    {
        using IHost host = BuildHost([]);

        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<BlobServiceClient>());

        Assert.Contains("PipelineStorage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFashionStorage_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection();

        services.AddFashionStorage().AddFashionStorage();

        Assert.Single(services, d => d.ServiceType == typeof(BlobServiceClient));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<BlobLayoutOptions>) && d.ImplementationType == typeof(BlobLayoutOptionsValidator));
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddFashionStorage();
        return builder.Build();
    }
}
