using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FashionServerless.Shared.Predictions;

/// <summary>
/// The one implementation of "classify an upload and write its record", used by the blob trigger and by the trainer's
/// <c>classify</c> command. Idempotent per (upload ETag, model version): the record blob's metadata says what it was
/// made from, so a redelivery costs one properties request. Bad images give a <c>rejected</c> record and complete;
/// anything that may pass throws <see cref="TransientPredictionException"/>. Thread-safe.
/// </summary>
public sealed class UploadClassifier
{
    private readonly BlobServiceClient _blobService;
    private readonly BlobLayoutOptions _layout;
    private readonly CurrentModelProvider _models;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BlobContainerClient _predictions;
    private volatile bool _predictionsEnsured;

    public UploadClassifier(BlobServiceClient blobService, BlobLayoutOptions layout, CurrentModelProvider models, TimeProvider? time = null, ILogger<UploadClassifier>? logger = null)
    {
        _blobService = blobService ?? throw new ArgumentNullException(nameof(blobService));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _predictions = blobService.GetBlobContainerClient(layout.Predictions);
    }

    /// <summary>Classifies the upload <paramref name="blobName"/> of the uploads container.</summary>
    /// <inheritdoc cref="ClassifyAsync(BlobClient, CancellationToken)"/>
    public Task<PredictionResult> ClassifyAsync(string blobName, CancellationToken cancellationToken = default) =>
        ClassifyAsync(_blobService.GetBlobContainerClient(_layout.Uploads).GetBlobClient(blobName), cancellationToken);

    /// <summary>Classifies one upload (or rejects it) and writes <c>predictions/&lt;its name&gt;.json</c>, unless that record already covers it.</summary>
    /// <exception cref="TransientPredictionException">Storage failed, no model serves yet, or another writer raced this one: retry.</exception>
    public async Task<PredictionResult> ClassifyAsync(BlobClient upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        string recordName = PredictionBlobNames.RecordFor(upload.Name);
        try
        {
            BlobProperties source;
            try
            {
                source = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                PredictionLog.SourceMissing(_logger, upload.Name);
                return new PredictionResult(PredictionOutcome.SourceMissing, recordName, null);
            }

            string sourceETag = PredictionBlobNames.FormatETag(source.ETag);
            using ModelLease lease = await _models.AcquireAsync(cancellationToken).ConfigureAwait(false);
            BlobClient recordBlob = _predictions.GetBlobClient(recordName);
            (ETag? recordETag, bool covered) = await ReadRecordStateAsync(recordBlob, sourceETag, lease.Version, cancellationToken).ConfigureAwait(false);
            if (covered)
            {
                PredictionLog.Duplicate(_logger, upload.Name, sourceETag, lease.Version);
                return new PredictionResult(PredictionOutcome.Duplicate, recordName, null);
            }

            PredictionRecord record = await ClassifyOrRejectAsync(upload, source, sourceETag, lease.Classifier, cancellationToken).ConfigureAwait(false);
            await WriteRecordAsync(recordBlob, record, recordETag, cancellationToken).ConfigureAwait(false);
            return Report(record, recordName);
        }
        catch (ModelUnavailableException ex)
        {
            throw Defer(upload.Name, ex, ex.Message);
        }
        catch (TransientPredictionException ex)
        {
            PredictionLog.Deferred(_logger, ex, upload.Name, ex.Message);
            throw;
        }
        catch (RequestFailedException ex)
        {
            throw Defer(upload.Name, ex, $"storage request failed ({ex.Status} {ex.ErrorCode}): {ex.Message}");
        }
    }

    private static async Task<(ETag? RecordETag, bool Covered)> ReadRecordStateAsync(BlobClient recordBlob, string sourceETag, string modelVersion, CancellationToken cancellationToken)
    {
        try
        {
            BlobProperties properties = (await recordBlob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            bool covered = properties.Metadata.TryGetValue(PredictionBlobNames.SourceETagMetadata, out string? etag) && etag == sourceETag
                && properties.Metadata.TryGetValue(PredictionBlobNames.ModelVersionMetadata, out string? version) && version == modelVersion;
            return (properties.ETag, covered);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, false);
        }
    }

    private async Task<PredictionRecord> ClassifyOrRejectAsync(BlobClient upload, BlobProperties source, string sourceETag, OnnxClassifier classifier, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        try
        {
            ImageLimits limits = classifier.Preprocessor.Limits;
            // The size is known from the properties: an oversized upload is rejected without downloading it.
            if (source.ContentLength > limits.MaxBytes)
            {
                throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The image is {source.ContentLength} bytes, over the limit of {limits.MaxBytes} bytes.");
            }

            // Read exactly the version whose ETag the record will name; if it changed meanwhile, the retry sees the new one.
            var options = new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = source.ETag } };
            using BlobDownloadStreamingResult download = (await upload.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false)).Value;
            Prediction prediction = await classifier.ClassifyImageAsync(download.Content, cancellationToken).ConfigureAwait(false);
            return PredictionRecords.Classified(upload.Name, sourceETag, prediction, ElapsedMs(started), _time.GetUtcNow());
        }
        catch (ImageRejectedException ex)
        {
            return PredictionRecords.Rejected(upload.Name, sourceETag, ex, classifier.Manifest, ElapsedMs(started), _time.GetUtcNow());
        }
    }

    private async Task WriteRecordAsync(BlobClient recordBlob, PredictionRecord record, ETag? expected, CancellationToken cancellationToken)
    {
        if (!_predictionsEnsured)
        {
            await _predictions.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _predictionsEnsured = true;
        }

        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string>
            {
                [PredictionBlobNames.SourceETagMetadata] = record.SourceETag,
                [PredictionBlobNames.ModelVersionMetadata] = record.ModelVersion,
            },
            // Only over the record this call looked at: a concurrent delivery that wrote first wins, and this one retries.
            Conditions = expected is ETag etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await recordBlob.UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(record)), options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new TransientPredictionException(
                $"The record {recordBlob.Name} was written by another delivery meanwhile; retrying re-checks it.", ex)
            { UploadName = record.Source };
        }
    }

    private PredictionResult Report(PredictionRecord record, string recordName)
    {
        if (record.Rejection is { } rejection)
        {
            PredictionLog.Rejected(_logger, record.Source, record.SourceETag, record.ModelVersion, rejection.Reason, rejection.Message);
            return new PredictionResult(PredictionOutcome.Rejected, recordName, record);
        }

        IReadOnlyList<string> labels = record.Labels ?? [];
        PredictionLog.Classified(_logger, record.Source, record.SourceETag, record.ModelVersion, record.ElapsedMs,
            record.Colour?.Label, record.Garment?.Label, labels);
        return new PredictionResult(PredictionOutcome.Classified, recordName, record);
    }

    private TransientPredictionException Defer(string source, Exception cause, string message)
    {
        PredictionLog.Deferred(_logger, cause, source, message);
        return new TransientPredictionException($"Could not handle upload '{source}' for now: {message}", cause) { UploadName = source };
    }

    private double ElapsedMs(long started) => Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 2);
}
