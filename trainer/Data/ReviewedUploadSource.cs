using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Data;

/// <summary>
/// A labelled image set plus the uploads reviewers labelled (<c>metrics/feedback</c>): each reviewed upload is listed
/// in the class folder of its reviewed labels, so a corrected photo is learned under its corrected class. A review
/// whose upload changed since (another ETag), whose upload is gone, or whose class the set does not have, is reported
/// in <see cref="LabelledImageListing.Unexpected"/> and the manifest, never silently dropped.
/// </summary>
internal sealed class ReviewedUploadSource(ILabelledImageSource inner, BlobServiceClient storage, BlobLayoutOptions layout) : ILabelledImageSource
{
    /// <summary>File names of reviewed uploads start with this inside their class folder, so they never clash with the set's own files.</summary>
    public const string FileNamePrefix = "reviewed:";

    private readonly HashSet<LabelledImageEntry> _reviewed = new(ReferenceEqualityComparer.Instance);
    private readonly BlobContainerClient _uploads = storage.GetBlobContainerClient(layout.Uploads);

    public string Description => $"{inner.Description} + reviewed uploads of {_uploads.Uri.GetLeftPart(UriPartial.Path)}";

    /// <summary>What the last <see cref="ListAsync"/> added; null before it ran.</summary>
    public ReviewedTrainingData? Summary { get; private set; }

    public async Task<LabelledImageListing> ListAsync(CancellationToken cancellationToken)
    {
        LabelledImageListing listing = await inner.ListAsync(cancellationToken).ConfigureAwait(false);
        var classFolders = new HashSet<string>(listing.ClassFolders, StringComparer.Ordinal);
        var images = new List<LabelledImageEntry>(listing.Images);
        var skipped = new List<SkippedFile>();
        DateTimeOffset? from = null, to = null;
        _reviewed.Clear();
        await foreach (FeedbackEntry entry in new FeedbackStore(storage, layout).ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Record is not FeedbackRecord review)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "invalid_feedback", entry.Error ?? "Not valid feedback."));
                continue;
            }

            string? classFolder = ClassFolderOf(review.Labels, classFolders);
            if (classFolder is null)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "no_such_class",
                    $"The reviewed labels {string.Join(',', review.Labels)} are not one of the training classes ({string.Join(", ", classFolders.Order(StringComparer.Ordinal))})."));
                continue;
            }

            BlobProperties upload;
            try
            {
                upload = (await _uploads.GetBlobClient(review.Source).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "upload_missing", $"The reviewed upload '{review.Source}' no longer exists."));
                continue;
            }

            if (PredictionBlobNames.FormatETag(upload.ETag) != review.SourceETag)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "stale_review", $"'{review.Source}' was replaced after its review; review it again to train on it."));
                continue;
            }

            var image = new LabelledImageEntry(classFolder, FileNamePrefix + review.Source, review.Source, upload.ContentLength);
            _reviewed.Add(image);
            images.Add(image);
            from = from is null || review.ReviewedAt < from ? review.ReviewedAt : from;
            to = to is null || review.ReviewedAt > to ? review.ReviewedAt : to;
        }

        Summary = new ReviewedTrainingData(_reviewed.Count, from, to, skipped);
        return new LabelledImageListing(listing.ClassFolders, images, [.. listing.Unexpected, .. skipped]);
    }

    public async Task<byte[]> ReadAsync(LabelledImageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_reviewed.Contains(entry))
        {
            return await inner.ReadAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return (await _uploads.GetBlobClient(entry.Location).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new IOException($"The reviewed upload '{entry.Location}' was deleted after it was listed.", ex);
        }
    }

    /// <summary>The existing class folder holding exactly the reviewed colour and garment, or null.</summary>
    private static string? ClassFolderOf(IReadOnlyList<string> labels, IReadOnlySet<string> classFolders) =>
        labels.Count != 2
            ? null
            : new[] { $"{labels[0]}_{labels[1]}", $"{labels[1]}_{labels[0]}" }.FirstOrDefault(classFolders.Contains);
}
