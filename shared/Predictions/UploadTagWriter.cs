using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Predictions;

/// <summary>
/// Writes a record's <see cref="UploadTags"/> onto its upload, keeping tags that are not the pipeline's. Set Blob Tags
/// changes neither the upload's ETag nor its last-modified time and raises no BlobCreated event, so tagging never
/// retriggers the classification.
/// </summary>
internal sealed class UploadTagWriter(ILogger logger)
{
    /// <summary>Makes the upload's owned tags describe <paramref name="record"/>.</summary>
    /// <param name="upload">The upload.</param>
    /// <param name="record">The record that now covers the upload.</param>
    /// <param name="knownTagCount">
    /// The upload's tag count as a response about it reported (<c>x-ms-tag-count</c>); 0 spares reading tags that do not exist.
    /// </param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="RequestFailedException">Storage failed (other than the upload having gone): the caller defers and the host retries.</exception>
    public async Task WriteAsync(BlobClient upload, PredictionRecord record, long knownTagCount, CancellationToken cancellationToken)
    {
        Dictionary<string, string> ours = UploadTags.For(record);
        try
        {
            Dictionary<string, string> tags = ours;
            if (knownTagCount > 0)
            {
                GetBlobTagResult existing = (await upload.GetTagsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                var current = new Dictionary<string, string>(existing.Tags, StringComparer.Ordinal);
                tags = UploadTags.Merge(current, ours);
                if (UploadTags.SameAs(current, tags))
                {
                    return;
                }

                if (tags.Count > UploadTags.MaxTagsPerBlob)
                {
                    // Dropping someone else's tags would lose their data; the record still has the decision.
                    PredictionLog.TagsNotWritten(logger, upload.Name, record.SourceETag,
                        $"it has {tags.Count - ours.Count} tags of its own and ours would take it past the limit of {UploadTags.MaxTagsPerBlob}");
                    return;
                }
            }

            await upload.SetTagsAsync(tags, cancellationToken: cancellationToken).ConfigureAwait(false);
            string colour = ours.GetValueOrDefault(UploadTags.Colour) ?? "-";
            string garment = ours.GetValueOrDefault(UploadTags.Garment) ?? "-";
            PredictionLog.Tagged(logger, upload.Name, record.SourceETag, record.Status, colour, garment, record.ModelVersion);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            PredictionLog.TagsNotWritten(logger, upload.Name, record.SourceETag, "the upload was deleted meanwhile");
        }
    }
}
