using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Evaluation;

/// <summary>The labelled images of a container, or of one prefix in it, listed page by page.</summary>
public sealed class BlobEvaluationImageSource : IEvaluationImageSource
{
    private readonly string _prefix;

    public BlobEvaluationImageSource(BlobContainerClient container, string? prefix = null)
    {
        Container = container ?? throw new ArgumentNullException(nameof(container));
        string trimmed = (prefix ?? "").Trim().Trim('/');
        _prefix = trimmed.Length == 0 ? "" : trimmed + "/";
    }

    public BlobContainerClient Container { get; }

    public string Description => $"container '{Container.Name}'" + (_prefix.Length == 0 ? "" : $" under '{_prefix.TrimEnd('/')}'");

    /// <exception cref="DirectoryNotFoundException">The container does not exist.</exception>
    public async IAsyncEnumerable<EvaluationImageEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<BlobItem> items = Container
            .GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix.Length == 0 ? null : _prefix }, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await items.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    throw new DirectoryNotFoundException($"The container '{Container.Name}' does not exist at {Container.Uri.GetLeftPart(UriPartial.Authority)}.", ex);
                }

                BlobItem item = items.Current;
                yield return new EvaluationImageEntry(item.Name[_prefix.Length..], item.Name, item.Properties.ContentLength ?? 0);
            }
        }
    }

    public async Task<ReadOnlyMemory<byte>?> ReadAsync(EvaluationImageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await Container.GetBlobClient(entry.Location).DownloadOrNullAsync(cancellationToken).ConfigureAwait(false) is { } result
            ? result.Content.ToMemory()
            : null;
    }
}
