using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;
using Xunit;

namespace FashionServerless.Testing.Azurite;

/// <summary>
/// Real blob, queue and table storage for tests. Use it as a class fixture
/// (<c>public sealed class MyTests(AzuriteFixture azurite) : IClassFixture&lt;AzuriteFixture&gt;</c>): every fixture in a
/// test process shares one storage, so test classes still run in parallel. That storage is the connection string in
/// <see cref="ConnectionStringVariable"/> when set; otherwise an Azurite from the repository's node_modules, started on
/// free loopback ports on first use and stopped when the test process ends. Give each test its own containers
/// (<see cref="CreateContainerAsync"/>, <see cref="UniqueLayout"/>); the fixture deletes them when its class is done.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>
    /// Environment variable with a storage connection string to test against instead of starting Azurite, e.g.
    /// <c>UseDevelopmentStorage=true</c> for an Azurite already running on the default ports.
    /// </summary>
    public const string ConnectionStringVariable = "FASHIONSERVERLESS_TEST_STORAGE";

    private readonly ConcurrentBag<string> containers = [];
    private string? connectionString;
    private BlobServiceClient? blobService;

    /// <summary>Connection string with blob, queue and table endpoints (Functions' <c>PipelineStorage</c> accepts it).</summary>
    public string ConnectionString => connectionString ?? throw NotInitialized();

    public BlobServiceClient BlobServiceClient => blobService ?? throw NotInitialized();

    /// <summary>Whether the storage comes from <see cref="ConnectionStringVariable"/> rather than an Azurite started here.</summary>
    public static bool IsExternal => AzuriteHost.IsExternal;

    public async Task InitializeAsync()
    {
        connectionString = await AzuriteHost.GetConnectionStringAsync().ConfigureAwait(false);
        blobService = new BlobServiceClient(connectionString);
    }

    public async Task DisposeAsync()
    {
        if (blobService is not null)
        {
            await Task.WhenAll(containers.Select(name => blobService.GetBlobContainerClient(name).DeleteIfExistsAsync()))
                .ConfigureAwait(false);
        }
    }

    /// <summary>A container name no other test uses, e.g. <c>models-3f2a...</c>; deleted with the fixture if created.</summary>
    /// <param name="purpose">Lower-case letters and digits, to tell containers apart when debugging.</param>
    public string UniqueContainerName(string purpose = "test")
    {
        if (string.IsNullOrEmpty(purpose) || purpose.Length > 24 || !purpose.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"Container purpose '{purpose}' must be 1-24 lower-case letters or digits.", nameof(purpose));
        }

        string name = $"{purpose}-{Guid.NewGuid():N}";
        containers.Add(name);
        return name;
    }

    /// <summary>Creates a container no other test uses.</summary>
    public async Task<BlobContainerClient> CreateContainerAsync(string purpose = "test", CancellationToken cancellationToken = default)
    {
        BlobContainerClient container = BlobServiceClient.GetBlobContainerClient(UniqueContainerName(purpose));
        await container.CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return container;
    }

    /// <summary>A <see cref="BlobLayoutOptions"/> whose six containers have unique names; none is created.</summary>
    public BlobLayoutOptions UniqueLayout() => new()
    {
        Uploads = UniqueContainerName("uploads"),
        Predictions = UniqueContainerName("predictions"),
        Models = UniqueContainerName("models"),
        Training = UniqueContainerName("training"),
        Evaluation = UniqueContainerName("evaluation"),
        Metrics = UniqueContainerName("metrics"),
    };

    /// <summary>A <see cref="UniqueLayout"/> with all six containers created.</summary>
    public async Task<BlobLayoutOptions> CreateLayoutAsync(CancellationToken cancellationToken = default)
    {
        BlobLayoutOptions layout = UniqueLayout();
        string[] names = [layout.Uploads, layout.Predictions, layout.Models, layout.Training, layout.Evaluation, layout.Metrics];
        await Task.WhenAll(names.Select(n => BlobServiceClient.GetBlobContainerClient(n).CreateAsync(cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        return layout;
    }

    /// <summary>
    /// Configuration entries that point an app at this storage and <paramref name="layout"/>: the <c>PipelineStorage</c>
    /// connection and the <c>FashionServerless:Blobs</c> container names (for <c>AddInMemoryCollection</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string?> ConfigurationFor(BlobLayoutOptions layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string section = BlobLayoutOptions.SectionName;
        return new Dictionary<string, string?>
        {
            [StorageSettings.ConnectionName] = ConnectionString,
            [$"{section}:{nameof(layout.Uploads)}"] = layout.Uploads,
            [$"{section}:{nameof(layout.Predictions)}"] = layout.Predictions,
            [$"{section}:{nameof(layout.Models)}"] = layout.Models,
            [$"{section}:{nameof(layout.Training)}"] = layout.Training,
            [$"{section}:{nameof(layout.Evaluation)}"] = layout.Evaluation,
            [$"{section}:{nameof(layout.Metrics)}"] = layout.Metrics,
        };
    }

    private static InvalidOperationException NotInitialized() =>
        new("AzuriteFixture is not initialized: use it through IClassFixture<AzuriteFixture> (xunit calls InitializeAsync).");
}
