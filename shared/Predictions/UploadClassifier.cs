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
/// made from, so a redelivery of a tagged upload is recognised before any decoding. Bad images give a <c>rejected</c> record and complete;
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

    /// <summary>
    /// Readies what the first upload would otherwise set up on its own time: builds the JSON contracts of the record, the
    /// traffic line and the decision message, and makes sure the predictions and traffic containers exist (each request
    /// made here is one the first upload does not make). A serving host calls it while it starts. It never throws for a
    /// storage or identity failure: it logs it and returns false, and the first upload makes the same requests again.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task<bool> PrepareAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            ManifestJson.Prepare(ManifestJson.Options, typeof(PredictionRecord));
            ManifestJson.Prepare(ManifestJson.CompactOptions, typeof(ClassifiedMessage));
            await EnsurePredictionsContainerAsync(cancellationToken).ConfigureAwait(false);

            if (_traffic is not null)
            {
                await _traffic.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PredictionLog.PreparationFailed(_logger, ex, ex.Message);
            return false;
        }
    }

    /// <summary>Classifies the upload <paramref name="blobName"/> of the uploads container.</summary>
    /// <inheritdoc cref="ClassifyAsync(BlobClient, CancellationToken)"/>
    public Task<PredictionResult> ClassifyAsync(string blobName, CancellationToken cancellationToken = default) =>
        ClassifyAsync(_blobService.GetBlobContainerClient(_layout.Uploads).GetBlobClient(blobName), cancellationToken);

    /// <summary>Classifies one upload (or rejects it) and writes <c>predictions/&lt;its name&gt;.json</c>, unless that record already covers it.</summary>
    /// <remarks>
    /// Four storage requests for a new upload (download, record write, tag write, an append to the traffic log that
    /// carries the lines of the uploads classified meanwhile too, so fewer than one per upload under load); three
    /// or four for a redelivery (download, record read, tag read, and a tag write only if the tags do not follow the
    /// record). The download says how many blob index tags the upload has: none means the pipeline has not tagged it, so
    /// no record is expected and the record is written only if none exists (<c>If-None-Match: *</c>) without reading it
    /// first; when one does exist after all (a delivery that failed between its record and its tags), it is read then and
    /// the upload handled as a redelivery, at the price of one decoding. The record names the ETag that came with the
    /// downloaded bytes, so it always describes exactly the content that was classified.
    /// </remarks>
    /// <exception cref="TransientPredictionException">Storage failed, no model serves yet, or another writer raced this one: retry.</exception>
    public async Task<PredictionResult> ClassifyAsync(BlobClient upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        string recordName = PredictionBlobNames.RecordFor(upload.Name);
        BlobClient recordBlob = _predictions.GetBlobClient(recordName);
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
            RecordState? state = null;
            long tagCount;
            string modelVersion;
            // Disposing the download unread (a redelivery, an oversized upload) ends the transfer without reading the body.
            using (download)
            {
                string sourceETag = PredictionBlobNames.FormatETag(download.Details.ETag);
                tagCount = download.Details.TagCount;
                using ModelLease lease = await _models.AcquireAsync(cancellationToken).ConfigureAwait(false);
                modelVersion = lease.Version;
                if (tagCount > 0)
                {
                    state = await ReadRecordStateAsync(recordBlob, cancellationToken).ConfigureAwait(false);
                    if (state.CoveringRecord(sourceETag, modelVersion) is { } existing)
                    {
                        return await DuplicateAsync(upload, existing, tagCount, cancellationToken).ConfigureAwait(false);
                    }
                }

                record = await ClassifyOrRejectAsync(upload.Name, download, sourceETag, lease.Classifier, cancellationToken).ConfigureAwait(false);
            }

            if (!await TryWriteRecordAsync(recordBlob, record, state?.ETag, cancellationToken).ConfigureAwait(false))
            {
                if (state is not null)
                {
                    throw RecordRace(recordBlob, record);
                }

                // Written without a look, and a record was there: the tags were lost after an earlier delivery wrote it.
                state = await ReadRecordStateAsync(recordBlob, cancellationToken).ConfigureAwait(false);
                if (state.CoveringRecord(record.SourceETag, modelVersion) is { } existing)
                {
                    return await DuplicateAsync(upload, existing, tagCount, cancellationToken).ConfigureAwait(false);
                }

                if (!await TryWriteRecordAsync(recordBlob, record, state.ETag, cancellationToken).ConfigureAwait(false))
                {
                    throw RecordRace(recordBlob, record);
                }
            }

            // The tags and the traffic line are independent once the record exists, so they go out together (one round
            // trip less per upload), and the line is appended even when tagging fails: the redelivery that follows finds
            // the record and appends nothing, so a line skipped here would be lost for good.
            Task tagging = _tags.WriteAsync(upload, record, tagCount, cancellationToken);
            if (_traffic is not null)
            {
                // Not cancelled, for the same reason. A storage failure is logged by the log, never thrown.
                await _traffic.AppendAsync(record, CancellationToken.None).ConfigureAwait(false);
            }

            await tagging.ConfigureAwait(false);

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

    private async Task<PredictionResult> DuplicateAsync(BlobClient upload, PredictionRecord existing, long tagCount, CancellationToken cancellationToken)
    {
        PredictionLog.Duplicate(_logger, upload.Name, existing.SourceETag, existing.ModelVersion);
        await _tags.WriteAsync(upload, existing, tagCount, cancellationToken).ConfigureAwait(false);
        return new PredictionResult(PredictionOutcome.Duplicate, PredictionBlobNames.RecordFor(upload.Name), existing);
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

    /// <summary>Writes the record over exactly <paramref name="expected"/> (or where none exists); false when another writer got there first.</summary>
    private async Task<bool> TryWriteRecordAsync(BlobClient recordBlob, PredictionRecord record, ETag? expected, CancellationToken cancellationToken)
    {
        await EnsurePredictionsContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string>
            {
                [PredictionBlobNames.SourceETagMetadata] = record.SourceETag,
                [PredictionBlobNames.ModelVersionMetadata] = record.ModelVersion,
            },
            Conditions = expected is ETag etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await recordBlob.UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(record)), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task EnsurePredictionsContainerAsync(CancellationToken cancellationToken)
    {
        if (!_predictionsEnsured)
        {
            await _predictions.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _predictionsEnsured = true;
        }
    }

    /// <summary>A concurrent delivery wrote the record after this one looked: it wins, and this one retries and re-checks.</summary>
    private static TransientPredictionException RecordRace(BlobClient recordBlob, PredictionRecord record) =>
        new($"The record {recordBlob.Name} was written by another delivery meanwhile; retrying re-checks it.") { UploadName = record.Source };

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

        /// <summary>The existing record when it was made from these bytes by this model; one whose body does not parse is remade rather than trusted.</summary>
        public PredictionRecord? CoveringRecord(string sourceETag, string modelVersion) =>
            SourceETag == sourceETag && ModelVersion == modelVersion ? TryParse() : null;

        private PredictionRecord? TryParse()
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
