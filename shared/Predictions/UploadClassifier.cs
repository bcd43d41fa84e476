using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Evaluation;
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
/// made from, so a redelivery is recognised before any decoding. Bad images give a <c>rejected</c> record and complete;
/// anything that may pass throws <see cref="TransientPredictionException"/>. After the record, the upload's blob index
/// tags are made to follow it (<see cref="UploadTags"/>), on a redelivery too, so a failure between the record and the
/// tags heals on the retry. Thread-safe.
/// </summary>
public sealed class UploadClassifier
{
    private readonly BlobServiceClient _blobService;
    private readonly BlobLayoutOptions _layout;
    private readonly CurrentModelProvider _models;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BlobContainerClient _predictions;
    private readonly TrafficLog? _traffic;
    private readonly UploadTagWriter _tags;
    private volatile bool _predictionsEnsured;

    /// <param name="blobService">The pipeline's storage.</param>
    /// <param name="layout">The container names.</param>
    /// <param name="models">The model that serves.</param>
    /// <param name="time">The clock of records and timings.</param>
    /// <param name="logger">The log.</param>
    /// <param name="traffic">Receives a line per record written, for the scheduled evaluation's traffic summary; none when null.</param>
    public UploadClassifier(BlobServiceClient blobService, BlobLayoutOptions layout, CurrentModelProvider models, TimeProvider? time = null,
        ILogger<UploadClassifier>? logger = null, TrafficLog? traffic = null)
    {
        _blobService = blobService ?? throw new ArgumentNullException(nameof(blobService));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _predictions = blobService.GetBlobContainerClient(layout.Predictions);
        _traffic = traffic;
        _tags = new UploadTagWriter(_logger);
    }

    /// <summary>Classifies the upload <paramref name="blobName"/> of the uploads container.</summary>
    /// <inheritdoc cref="ClassifyAsync(BlobClient, CancellationToken)"/>
    public Task<PredictionResult> ClassifyAsync(string blobName, CancellationToken cancellationToken = default) =>
        ClassifyAsync(_blobService.GetBlobContainerClient(_layout.Uploads).GetBlobClient(blobName), cancellationToken);

    /// <summary>Classifies one upload (or rejects it) and writes <c>predictions/&lt;its name&gt;.json</c>, unless that record already covers it.</summary>
    /// <remarks>
    /// Five storage requests for a new upload (download, record read, record write, tag write, one append to the traffic
    /// log), three or four for a redelivery (download, record read, tag read, and a tag write only if the tags do not
    /// follow the record). The download and the record are requested at the same time; the record names the ETag that
    /// came with the downloaded bytes, so it always describes exactly the content that was classified.
    /// </remarks>
    /// <exception cref="TransientPredictionException">Storage failed, no model serves yet, or another writer raced this one: retry.</exception>
    public async Task<PredictionResult> ClassifyAsync(BlobClient upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        string recordName = PredictionBlobNames.RecordFor(upload.Name);
        BlobClient recordBlob = _predictions.GetBlobClient(recordName);
        Task<RecordState> recordState = ReadRecordStateAsync(recordBlob, cancellationToken);
        try
        {
            BlobDownloadStreamingResult download;
            try
            {
                download = (await upload.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                PredictionLog.SourceMissing(_logger, upload.Name);
                return new PredictionResult(PredictionOutcome.SourceMissing, recordName, null);
            }

            PredictionRecord record;
            RecordState state;
            long tagCount;
            // Disposing the download unread (a redelivery, an oversized upload) ends the transfer without reading the body.
            using (download)
            {
                string sourceETag = PredictionBlobNames.FormatETag(download.Details.ETag);
                using ModelLease lease = await _models.AcquireAsync(cancellationToken).ConfigureAwait(false);
                state = await recordState.ConfigureAwait(false);
                // A record whose metadata matches but whose body does not parse is remade rather than trusted.
                if (state.Covers(sourceETag, lease.Version) && state.TryParse() is { } existing)
                {
                    PredictionLog.Duplicate(_logger, upload.Name, sourceETag, lease.Version);
                    await _tags.WriteAsync(upload, existing, download.Details.TagCount, cancellationToken).ConfigureAwait(false);
                    return new PredictionResult(PredictionOutcome.Duplicate, recordName, existing);
                }

                tagCount = download.Details.TagCount;
                record = await ClassifyOrRejectAsync(upload.Name, download, sourceETag, lease.Classifier, cancellationToken).ConfigureAwait(false);
            }

            await WriteRecordAsync(recordBlob, record, state.ETag, cancellationToken).ConfigureAwait(false);
            await _tags.WriteAsync(upload, record, tagCount, cancellationToken).ConfigureAwait(false);
            if (_traffic is not null)
            {
                // Not cancelled: the record is written, and a redelivery would find it and append nothing, so a cancelled
                // append would lose the record's line for good. A storage failure is logged by the log, never thrown.
                await _traffic.AppendAsync(record, CancellationToken.None).ConfigureAwait(false);
            }

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
        finally
        {
            // After an early exit the record's request may still be running; its outcome no longer matters, but a
            // failure must not surface later as an unobserved task exception.
            _ = recordState.ContinueWith(static t => t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static async Task<RecordState> ReadRecordStateAsync(BlobClient recordBlob, CancellationToken cancellationToken)
    {
        try
        {
            // The whole record (a few hundred bytes) in the one round trip its properties would cost: a redelivery
            // needs its decision to make the tags and the message follow it.
            BlobDownloadResult record = (await recordBlob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            record.Details.Metadata.TryGetValue(PredictionBlobNames.SourceETagMetadata, out string? sourceETag);
            record.Details.Metadata.TryGetValue(PredictionBlobNames.ModelVersionMetadata, out string? modelVersion);
            return new RecordState(record.Details.ETag, sourceETag, modelVersion, record.Content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return RecordState.Missing;
        }
    }

    private async Task<PredictionRecord> ClassifyOrRejectAsync(string uploadName, BlobDownloadStreamingResult download, string sourceETag, OnnxClassifier classifier, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        try
        {
            ImageLimits limits = classifier.Preprocessor.Limits;
            // The size comes with the response headers: an oversized upload is rejected before its body is read.
            long length = download.Details.ContentLength;
            if (length > limits.MaxBytes)
            {
                throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The image is {length} bytes, over the limit of {limits.MaxBytes} bytes.");
            }

            Prediction prediction = await classifier.ClassifyImageAsync(download.Content, cancellationToken).ConfigureAwait(false);
            return PredictionRecords.Classified(uploadName, sourceETag, prediction, ElapsedMs(started), _time.GetUtcNow());
        }
        catch (ImageRejectedException ex)
        {
            return PredictionRecords.Rejected(uploadName, sourceETag, ex, classifier.Manifest, ElapsedMs(started), _time.GetUtcNow());
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

    /// <summary>What the existing record (if any) was made from, and its ETag for the conditional overwrite.</summary>
    private sealed record RecordState(ETag? ETag, string? SourceETag, string? ModelVersion, BinaryData? Content)
    {
        public static RecordState Missing { get; } = new(null, null, null, null);

        public bool Covers(string sourceETag, string modelVersion) => SourceETag == sourceETag && ModelVersion == modelVersion;

        public PredictionRecord? TryParse()
        {
            try
            {
                return Content is null ? null : ManifestJson.Deserialize<PredictionRecord>(Content.ToMemory().Span, "Prediction record");
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }
    }
}
