using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Data;

/// <summary>
/// A labelled image set in a blob container: <c>[prefix/]&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;</c>. Blobs outside a
/// class folder, or nested deeper, are reported as unexpected rather than dropped.
/// </summary>
internal sealed class BlobImageSource : ILabelledImageSource
{
    private readonly string _prefix;

    public BlobImageSource(BlobContainerClient container, string? prefix = null)
    {
        Container = container ?? throw new ArgumentNullException(nameof(container));
        string trimmed = (prefix ?? "").Trim().Trim('/');
        _prefix = trimmed.Length == 0 ? "" : trimmed + "/";
    }

    public BlobContainerClient Container { get; }

    public string Description => Container.Uri.GetLeftPart(UriPartial.Path) + (_prefix.Length == 0 ? "" : "/" + _prefix.TrimEnd('/'));

    /// <exception cref="DirectoryNotFoundException">The container does not exist.</exception>
    public async Task<LabelledImageListing> ListAsync(CancellationToken cancellationToken)
    {
        var classFolders = new SortedSet<string>(StringComparer.Ordinal);
        var images = new List<LabelledImageEntry>();
        var unexpected = new List<SkippedFile>();
        try
        {
            await foreach (BlobItem item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix.Length == 0 ? null : _prefix }, cancellationToken)
                               .ConfigureAwait(false))
            {
                string relative = item.Name[_prefix.Length..];
                string[] parts = relative.Split('/');
                if (parts.Length == 1)
                {
                    unexpected.Add(new SkippedFile(relative, "outside_class_folder",
                        "The blob is not inside a <colour>_<garment> class folder, so it has no labels."));
                }
                else if (parts.Length > 2)
                {
                    unexpected.Add(new SkippedFile(relative, "nested_folder", "Class folders hold image blobs directly; nested folders are not read."));
                }
                else
                {
                    classFolders.Add(parts[0]);
                    images.Add(new LabelledImageEntry(parts[0], parts[1], item.Name, item.Properties.ContentLength ?? 0));
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound || ex.Status == 404)
        {
            throw new DirectoryNotFoundException($"The container '{Container.Name}' does not exist at {Container.Uri.GetLeftPart(UriPartial.Authority)}.", ex);
        }

        return new LabelledImageListing([.. classFolders], images, unexpected);
    }

    /// <exception cref="IOException">The blob disappeared since it was listed.</exception>
    public async Task<byte[]> ReadAsync(LabelledImageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        BlobDownloadResult download = await Container.GetBlobClient(entry.Location).DownloadOrNullAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"The blob '{entry.Location}' was deleted after it was listed.");
        return download.Content.ToArray();
    }
}
