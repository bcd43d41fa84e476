using Azure.Storage.Blobs;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Publishing;

/// <summary>
/// Labelled images kept encoded, so each model scoring them preprocesses them with its own manifest's spec: two models
/// compared by the gate see the same files, not the same tensors.
/// </summary>
internal sealed record EvaluationSet(string Description, IReadOnlyList<LabelledImage> Images, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Reads every image of a source (or only <paramref name="only"/>); bad class folders and unreadable files are skipped with a reason.</summary>
    /// <exception cref="DirectoryNotFoundException">The source does not exist.</exception>
    public static async Task<EvaluationSet> ReadAsync(ILabelledImageSource source, string description, IEnumerable<LabelledImageEntry>? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var skipped = new List<SkippedFile>();
        IEnumerable<LabelledImageEntry> entries;
        if (only is null)
        {
            LabelledImageListing listing = await source.ListAsync(cancellationToken).ConfigureAwait(false);
            skipped.AddRange(listing.Unexpected);
            entries = listing.Images;
        }
        else
        {
            entries = only;
        }

        var images = new List<LabelledImage>();
        foreach (LabelledImageEntry entry in entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal))
        {
            ClassName className;
            try
            {
                className = LabelSchema.ParseClassName(entry.ClassFolder);
            }
            catch (InvalidClassFolderException ex)
            {
                skipped.Add(new SkippedFile(entry.RelativePath, "bad_class_folder", ex.Message));
                continue;
            }

            try
            {
                images.Add(new LabelledImage(entry.RelativePath, className, await source.ReadAsync(entry, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedFile(entry.RelativePath, "unreadable", ex.Message));
            }
        }

        return new EvaluationSet(description, images, skipped);
    }

    /// <summary>The labelled images of <paramref name="container"/>, or null when it does not exist or holds no usable image.</summary>
    public static async Task<EvaluationSet?> FromContainerAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        EvaluationSet set = await ReadAsync(new BlobImageSource(container), $"container '{container.Name}'", only: null, cancellationToken).ConfigureAwait(false);
        return set.Images.Count == 0 ? null : set;
    }
}
