using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Feedback;

/// <summary>
/// Writes and reads reviewers' feedback (<c>metrics/feedback/&lt;upload path&gt;.json</c>). A submission is checked in
/// full before anything is written: the labels against the current model's groups, the path against the uploads
/// container; then one conditional write replaces the previous review, if any, so a bad or racing submission never
/// leaves a half-written or mixed document.
/// </summary>
public sealed class FeedbackStore
{
    private const int MaxBlobNameLength = 1024;

    private readonly BlobServiceClient _blobService;
    private readonly BlobLayoutOptions _layout;
    private readonly TimeProvider _time;

    public FeedbackStore(BlobServiceClient blobService, BlobLayoutOptions layout, TimeProvider? time = null)
    {
        _blobService = blobService ?? throw new ArgumentNullException(nameof(blobService));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _time = time ?? TimeProvider.System;
        Container = blobService.GetBlobContainerClient(layout.Metrics);
    }

    /// <summary>The metrics container; feedback is under <see cref="FeedbackBlobNames.Prefix"/>.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>Records the true labels of upload <paramref name="uploadPath"/>.</summary>
    /// <param name="uploadPath">The upload's blob name in the uploads container, e.g. <c>2026/06/photo.jpg</c>.</param>
    /// <param name="labels">One colour and one garment, e.g. <c>blue</c>, <c>dress</c>.</param>
    /// <param name="reviewer">Who reviewed (optional).</param>
    /// <exception cref="FeedbackRejectedException">The labels or the path are not acceptable; nothing was written.</exception>
    /// <exception cref="RequestFailedException">Storage failed; nothing was written or the previous review is intact.</exception>
    public async Task<FeedbackSubmission> SubmitAsync(string uploadPath, IEnumerable<string> labels, string? reviewer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploadPath);
        ArgumentNullException.ThrowIfNull(labels);
        string source = NormalisePath(uploadPath);
        ModelManifest model = await CurrentManifestAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> truth = FeedbackLabels.Validate(labels, model.Labels, [.. model.Groups.Select(g => new LabelGroup(g.Key, g.Value))]);

        BlobProperties upload;
        try
        {
            upload = (await _blobService.GetBlobContainerClient(_layout.Uploads).GetBlobClient(source)
                .GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            string hint = source.StartsWith(_layout.Uploads + "/", StringComparison.Ordinal)
                ? $" Give the path inside the container, without '{_layout.Uploads}/'."
                : "";
            throw new FeedbackRejectedException("no_upload", $"There is no upload '{source}' in container '{_layout.Uploads}'.{hint}");
        }

        string sourceETag = PredictionBlobNames.FormatETag(upload.ETag);
        PredictionRecord? prediction = null;
        try
        {
            prediction = await new PredictionRecordReader(_blobService, _layout).ReadAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // An unreadable record is the evaluation's to report; the review itself is still valid.
        }

        bool current = prediction is not null && prediction.SourceETag == sourceETag;
        var record = new FeedbackRecord
        {
            Source = source,
            SourceETag = sourceETag,
            Labels = truth,
            Reviewer = string.IsNullOrWhiteSpace(reviewer) ? null : reviewer.Trim(),
            ReviewedAt = _time.GetUtcNow(),
            PredictedLabels = current ? prediction!.Labels ?? [] : null,
            PredictedModelVersion = current ? prediction!.ModelVersion : null,
        };

        string blobName = FeedbackBlobNames.For(source);
        BlobClient blob = Container.GetBlobClient(blobName);
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        // A previous blob that is not valid feedback (written by hand) is replaced too, conditionally on what was read.
        (FeedbackRecord? previous, ETag? previousETag, _) = await TryReadAsync(blob, cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = previousETag is ETag etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await blob.UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(record)), options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new FeedbackRejectedException("concurrent_review",
                $"Another review of '{source}' was written meanwhile; nothing was changed. Run again to replace it.");
        }

        return new FeedbackSubmission(blobName, record, previous);
    }

    /// <summary>Every feedback blob, in name order: its record, or why it cannot be used (a reviewer may write them by hand).</summary>
    public async IAsyncEnumerable<FeedbackEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!await Container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        await foreach (BlobItem item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = FeedbackBlobNames.Prefix }, cancellationToken).ConfigureAwait(false))
        {
            string? source = FeedbackBlobNames.SourceOf(item.Name);
            if (source is null)
            {
                yield return new FeedbackEntry(item.Name, null, $"'{item.Name}' is not named feedback/<upload path>.json.");
                continue;
            }

            (FeedbackRecord? record, _, string? error) = await TryReadAsync(Container.GetBlobClient(item.Name), cancellationToken).ConfigureAwait(false);
            if (record is not null && record.Source != source)
            {
                error = $"It names the upload '{record.Source}', but its blob name says '{source}'.";
                record = null;
            }
            else if (record is not null && (record.Labels is null || record.Labels.Count == 0 || string.IsNullOrEmpty(record.SourceETag)))
            {
                (record, error) = (null, "It has no labels or no source ETag.");
            }

            if (record is not null || error is not null)
            {
                yield return new FeedbackEntry(item.Name, record, error);
            }
        }
    }

    private async Task<ModelManifest> CurrentManifestAsync(CancellationToken cancellationToken)
    {
        var registry = new ModelRegistry(_blobService, _layout);
        CurrentModel current = await registry.GetCurrentAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new FeedbackRejectedException("no_model", "No model is promoted, so there are no labels to review with; promote a model first.");
        return await registry.GetManifestAsync(current.Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The feedback at <paramref name="blob"/> with its ETag; (null, null, null) when absent; (null, ETag, why) when unreadable.</summary>
    private static async Task<(FeedbackRecord? Record, ETag? ETag, string? Error)> TryReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        BlobDownloadResult download;
        try
        {
            download = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null, null);
        }

        try
        {
            return (ManifestJson.Deserialize<FeedbackRecord>(download.Content.ToMemory().Span, $"Feedback {blob.BlobContainerName}/{blob.Name}"), download.Details.ETag, null);
        }
        catch (InvalidDataException ex)
        {
            return (null, download.Details.ETag, ex.Message);
        }
    }

    private static string NormalisePath(string uploadPath)
    {
        string path = uploadPath.Trim().TrimStart('/');
        if (path.Length == 0 || path.Length > MaxBlobNameLength || path.Any(char.IsControl) || path.EndsWith('/'))
        {
            throw new FeedbackRejectedException("invalid_path",
                $"'{uploadPath}' is not an upload path; give the blob name inside the uploads container, e.g. 2026/06/photo.jpg.");
        }

        return path;
    }
}
