using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using Microsoft.Extensions.Configuration;

namespace FashionServerless.Shared.Tests.Storage;

public sealed class BlobServiceClientFactoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string SecretKey = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

    [Fact]
    public async Task Create_AzuriteConnectionString_ClientReadsAndWritesBlobs()
    {
        BlobServiceClient client = BlobServiceClientFactory.Create(azurite.ConnectionString);
        BlobContainerClient container = client.GetBlobContainerClient(azurite.UniqueContainerName("factory"));

        await container.CreateAsync();
        await container.UploadBlobAsync("a.txt", BinaryData.FromString("hello"));

        Assert.Equal("hello", (await container.GetBlobClient("a.txt").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public void Create_DevelopmentStorage_PointsAtAzuriteDefaultBlobPort()
    {
        BlobServiceClient client = BlobServiceClientFactory.Create(StorageSettings.DevelopmentStorage);

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), client.Uri);
        Assert.Equal("devstoreaccount1", client.AccountName);
    }

    [Fact]
    public void Create_BlobServiceUri_UsesThatEndpoint()
    {
        BlobServiceClient client = BlobServiceClientFactory.Create("https://fashionstore.blob.core.windows.net");

        Assert.Equal(new Uri("https://fashionstore.blob.core.windows.net"), client.Uri);
        Assert.Equal("fashionstore", client.AccountName);
    }

    [Theory]
    [InlineData("fashionstore")]
    [InlineData("ftp://fashionstore.blob.core.windows.net")]
    [InlineData("https://")]
    [InlineData("AccountKey=" + SecretKey)]
    [InlineData("Nonsense=1;AccountKey=" + SecretKey)]
    public void Create_NeitherConnectionStringNorUri_ThrowsArgumentWithoutEchoingTheValue(string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => BlobServiceClientFactory.Create(value));

        Assert.Contains("connection string", ex.Message, StringComparison.Ordinal);
        Assert.Contains("blob service URI", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ConnectionStringValue_UsesIt()
    {
        IConfiguration configuration = Configuration(new() { ["PipelineStorage"] = azurite.ConnectionString });

        BlobServiceClient client = BlobServiceClientFactory.FromConfiguration(configuration);

        Assert.Equal(azurite.BlobServiceClient.Uri, client.Uri);
    }

    [Fact]
    public void FromConfiguration_IdentityBasedSection_UsesBlobServiceUri()
    {
        IConfiguration configuration = Configuration(new()
        {
            ["PipelineStorage:blobServiceUri"] = "https://fashionstore.blob.core.windows.net",
            ["PipelineStorage:queueServiceUri"] = "https://fashionstore.queue.core.windows.net",
            ["PipelineStorage:credential"] = "managedidentity",
            ["PipelineStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        BlobServiceClient client = BlobServiceClientFactory.FromConfiguration(configuration);

        Assert.Equal(new Uri("https://fashionstore.blob.core.windows.net"), client.Uri);
    }

    [Fact]
    public void FromConfiguration_Missing_ThrowsInvalidOperationNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(
            () => BlobServiceClientFactory.FromConfiguration(Configuration([]), "OtherStorage"));

        Assert.Contains("OtherStorage", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OtherStorage__blobServiceUri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_Malformed_ThrowsInvalidOperationNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(
            () => BlobServiceClientFactory.FromConfiguration(Configuration(new() { ["PipelineStorage"] = "not-a-connection" })));

        Assert.Contains("PipelineStorage", ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
