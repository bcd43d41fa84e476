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
        IConfiguration configuration = Configuration(new() { ["PipelineStorage"] = StorageSettings.DevelopmentStorage });

        services.AddFashionStorage(configuration).AddFashionStorage(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(BlobServiceClient));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<BlobLayoutOptions>) && d.ImplementationType == typeof(BlobLayoutOptionsValidator));
    }

    [Fact]
    public void AddFashionStorage_DevelopmentStorage_PointsAtAzuriteDefaultBlobPort()
    {
        using IHost host = BuildHost(new() { ["PipelineStorage"] = StorageSettings.DevelopmentStorage });

        BlobServiceClient client = host.Services.GetRequiredService<BlobServiceClient>();

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), client.Uri);
        Assert.Equal("devstoreaccount1", client.AccountName);
    }

    [Theory]
    [InlineData("PipelineStorage:blobServiceUri")]
    [InlineData("PipelineStorage:serviceUri")]
    [InlineData("PipelineStorage")]
    public void AddFashionStorage_BlobServiceUri_SignsInToThatEndpoint(string key)
    {
        // The identity-based form infra writes (functions.bicep), the library's own name, and a bare URI as the value.
        using IHost host = BuildHost(new()
        {
            [key] = "https://fashionstore.blob.core.windows.net",
            ["PipelineStorage:queueServiceUri"] = "https://fashionstore.queue.core.windows.net",
            ["PipelineStorage:credential"] = "managedidentity",
            ["PipelineStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        BlobServiceClient client = host.Services.GetRequiredService<BlobServiceClient>();

        Assert.Equal(new Uri("https://fashionstore.blob.core.windows.net"), client.Uri);
        Assert.Equal("fashionstore", client.AccountName);
        Assert.False(client.CanGenerateAccountSasUri, "a signed-in client holds no account key");
    }

    [Theory]
    [InlineData("fashionstore")]
    [InlineData("AccountKey=" + SecretKey)]
    [InlineData("Nonsense=1;AccountKey=" + SecretKey)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" + SecretKey + "!!")]
    public void AddFashionStorage_UnusableConnectionString_ResolvingNamesTheSettingWithoutEchoingIt(string value)
    {
        using IHost host = BuildHost(new() { ["PipelineStorage"] = value });

        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<BlobServiceClient>());

        Assert.Contains("'PipelineStorage' is not usable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("blob service URI", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFashionStorage_UriWithSasToken_RefusedAtRegistrationWithoutEchoingIt()
    {
        const string signature = "sig=c2VjcmV0";
        var services = new ServiceCollection();

        var ex = Assert.Throws<InvalidOperationException>(() => services.AddFashionStorage(
            Configuration(new() { ["PipelineStorage"] = $"https://fashionstore.blob.core.windows.net/?sv=2024-11-04&{signature}" })));

        Assert.Contains("SAS", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModelRegistry_WithoutStorage_ThrowsNamingAddFashionStorage()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddModelRegistry());

        Assert.Contains("AddFashionStorage", ex.Message, StringComparison.Ordinal);
    }

    private const string SecretKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IHost BuildHost(Dictionary<string, string?> configuration)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddFashionStorage(builder.Configuration);
        return builder.Build();
    }
}
