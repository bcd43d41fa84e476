using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Storage;

/// <summary>Reads where a missing blob is an answer (no report yet, no record yet, nothing promoted), not a failure.</summary>
internal static class BlobContent
{
    /// <summary>The blob's content and properties, or null when it does not exist.</summary>
    /// <exception cref="RequestFailedException">Storage failed for another reason.</exception>
    public static async Task<BlobDownloadResult?> DownloadOrNullAsync(this BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The blob's JSON document (the <see cref="ManifestJson"/> shape), or null when the blob does not exist.</summary>
    /// <param name="blob">The blob.</param>
    /// <param name="what">Names the document in the error message.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="InvalidDataException">The blob is not a valid <typeparamref name="T"/>.</exception>
    public static async Task<T?> ReadJsonOrNullAsync<T>(this BlobClient blob, string what, CancellationToken cancellationToken)
        where T : class =>
        await DownloadOrNullAsync(blob, cancellationToken).ConfigureAwait(false) is { } result
            ? ManifestJson.Deserialize<T>(result.Content.ToMemory().Span, what)
            : null;
}
