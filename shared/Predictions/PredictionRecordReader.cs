using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Predictions;

/// <summary>Reads prediction records back, page by page: for the demo's table, the CLI and the traffic summary.</summary>
public sealed class PredictionRecordReader
{
    public PredictionRecordReader(BlobServiceClient blobService, BlobLayoutOptions layout)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(layout);
        Container = blobService.GetBlobContainerClient(layout.Predictions);
    }

    public BlobContainerClient Container { get; }

    /// <summary>The record of upload <paramref name="uploadBlobName"/>, or null when it has none (yet).</summary>
    /// <exception cref="InvalidDataException">The record is not a valid prediction record.</exception>
    public async Task<PredictionRecord?> ReadAsync(string uploadBlobName, CancellationToken cancellationToken = default) =>
        await ReadRecordBlobAsync(PredictionBlobNames.RecordFor(uploadBlobName), cancellationToken).ConfigureAwait(false);

    /// <summary>The record stored at <paramref name="recordBlobName"/>, or null when that blob does not exist.</summary>
    /// <exception cref="InvalidDataException">The blob is not a valid prediction record.</exception>
    public async Task<PredictionRecord?> ReadRecordBlobAsync(string recordBlobName, CancellationToken cancellationToken = default) =>
        await Container.GetBlobClient(recordBlobName)
            .ReadJsonOrNullAsync<PredictionRecord>($"Prediction record {Container.Name}/{recordBlobName}", cancellationToken).ConfigureAwait(false);

    /// <summary>Every record under <paramref name="prefix"/> (an upload path prefix; all when null), in blob name order.</summary>
    /// <exception cref="InvalidDataException">A record is not a valid prediction record; the message names it.</exception>
    public async IAsyncEnumerable<PredictionRecord> ReadAllAsync(string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (BlobItem item in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (await ReadRecordBlobAsync(item.Name, cancellationToken).ConfigureAwait(false) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>Record blobs (name, last modified, metadata) under <paramref name="prefix"/>; nothing when the container does not exist.</summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!await Container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var options = new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata };
        await foreach (BlobItem item in Container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
        {
            if (item.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                yield return item;
            }
        }
    }
}
