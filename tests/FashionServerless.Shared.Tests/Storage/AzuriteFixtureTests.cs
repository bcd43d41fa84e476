using System.Data.Common;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Shared.Tests.Storage;

/// <summary>The shared storage fixture the other assemblies' tests rely on.</summary>
public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ConnectionString_BlobQueueAndTableEndpoints_AllAnswer()
    {
        var settings = new DbConnectionStringBuilder { ConnectionString = azurite.ConnectionString };
        using var http = new HttpClient();

        foreach (string endpoint in new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" })
        {
            if (AzuriteFixture.IsExternal && !settings.ContainsKey(endpoint))
            {
                continue;
            }

            // Any HTTP status (unauthenticated requests get 403) proves a storage service listens there.
            using HttpResponseMessage response = await http.GetAsync(new Uri((string)settings[endpoint]));
            Assert.NotNull(response.Headers.Server);
        }
    }

    [Fact]
    public async Task CreateContainerAsync_TwoCalls_GiveDistinctExistingContainers()
    {
        BlobContainerClient first = await azurite.CreateContainerAsync("fixture");
        BlobContainerClient second = await azurite.CreateContainerAsync("fixture");

        Assert.NotEqual(first.Name, second.Name);
        Assert.StartsWith("fixture-", first.Name, StringComparison.Ordinal);
        Assert.True(await first.ExistsAsync());
        Assert.True(await second.ExistsAsync());
    }

    [Fact]
    public async Task CreateLayoutAsync_SixContainers_AllCreatedAndValidNames()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        string[] names = [layout.Uploads, layout.Predictions, layout.Models, layout.Training, layout.Evaluation, layout.Metrics];

        Assert.Equal(6, names.Distinct().Count());
        foreach (string name in names)
        {
            Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", name);
            Assert.True(await azurite.BlobServiceClient.GetBlobContainerClient(name).ExistsAsync());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with-hyphen")]
    [InlineData("waytoolongpurposenameforacontainer")]
    public void UniqueContainerName_BadPurpose_ThrowsArgument(string purpose)
    {
        Assert.Throws<ArgumentException>(() => azurite.UniqueContainerName(purpose));
    }

    [Fact]
    public void ConfigurationFor_Layout_HasPipelineStorageAndEveryContainer()
    {
        BlobLayoutOptions layout = azurite.UniqueLayout();

        IReadOnlyDictionary<string, string?> configuration = azurite.ConfigurationFor(layout);

        Assert.Equal(azurite.ConnectionString, configuration[StorageSettings.ConnectionName]);
        Assert.Equal(layout.Uploads, configuration["FashionServerless:Blobs:Uploads"]);
        Assert.Equal(layout.Metrics, configuration["FashionServerless:Blobs:Metrics"]);
        Assert.Equal(7, configuration.Count);
    }
}
