using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Containers of one storage benchmark run, named <c>bench-&lt;id&gt;-&lt;role&gt;</c> so they never touch the pipeline's
/// own uploads, predictions or models; deleted when the run ends unless kept for inspection.
/// </summary>
internal sealed class BenchContainers(BlobServiceClient storage, string id)
{
    private readonly List<string> _created = [];

    public string Id { get; } = id;

    public static BenchContainers Create(BlobServiceClient storage) => new(storage, Guid.NewGuid().ToString("N")[..10]);

    public string Name(string role) => $"bench-{Id}-{role}";

    /// <summary>The pipeline layout with uploads, predictions, models and metrics (the traffic log) in this run's containers.</summary>
    public BlobLayoutOptions Layout(string predictionsRole = "predictions") => new()
    {
        Uploads = Name("uploads"),
        Predictions = Name(predictionsRole),
        Models = Name("models"),
        Metrics = Name("metrics"),
    };

    /// <summary>Container name to its role, for <see cref="StorageRequestTally"/>.</summary>
    public IReadOnlyDictionary<string, string> Roles(params (string Role, string Label)[] roles) =>
        roles.ToDictionary(r => Name(r.Role), r => r.Label, StringComparer.Ordinal);

    public async Task<BlobContainerClient> CreateAsync(string role, CancellationToken cancellationToken)
    {
        BlobContainerClient container = storage.GetBlobContainerClient(Name(role));
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Remember(role);
        return container;
    }

    /// <summary>Notes a container something else creates (the classifier creates its predictions container itself).</summary>
    public void Remember(string role)
    {
        lock (_created)
        {
            if (!_created.Contains(role))
            {
                _created.Add(role);
            }
        }
    }

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        string[] roles;
        lock (_created)
        {
            roles = [.. _created];
        }

        await Task.WhenAll(roles.Select(r => storage.GetBlobContainerClient(Name(r)).DeleteIfExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
    }
}
