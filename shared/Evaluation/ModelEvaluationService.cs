using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// The timer function's code path, also run by the trainer's <c>evaluate --write-metrics</c> and the demo: scores the
/// current model on the labelled evaluation container with the evaluation engine (<see cref="LabelledSetEvaluator"/>),
/// summarises live traffic since the previous run from the traffic log (<see cref="TrafficLog"/>), and writes the report
/// to <c>metrics/&lt;version&gt;/&lt;timestamp&gt;.json</c> and <c>metrics/latest.json</c>. The labelled set is streamed
/// (memory: one batch); the traffic part costs what was logged since the last run, never the history.
/// </summary>
public sealed class ModelEvaluationService
{
    /// <summary>The blob the newest report is copied to.</summary>
    public const string LatestBlobName = "latest.json";

    private readonly BlobServiceClient _blobService;
    private readonly BlobLayoutOptions _layout;
    private readonly CurrentModelProvider _models;
    private readonly LiveAccuracyEvaluator _live;
    private readonly EvaluationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ModelEvaluationService(
        BlobServiceClient blobService,
        BlobLayoutOptions layout,
        CurrentModelProvider models,
        IOptions<EvaluationOptions> options,
        TimeProvider? time = null,
        ILogger<ModelEvaluationService>? logger = null)
    {
        _blobService = blobService ?? throw new ArgumentNullException(nameof(blobService));
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _live = new LiveAccuracyEvaluator(blobService, layout);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        MetricsContainer = blobService.GetBlobContainerClient(layout.Metrics);
    }

    public BlobContainerClient MetricsContainer { get; }

    /// <summary>Evaluates the current model and writes the report; returns what was written.</summary>
    /// <exception cref="ModelUnavailableException">No model serves yet.</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public async Task<EvaluationReport> RunAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset startedAt = _time.GetUtcNow();
        long started = _time.GetTimestamp();
        using ModelLease lease = await _models.AcquireAsync(cancellationToken).ConfigureAwait(false);
        ModelManifest manifest = lease.Classifier.Manifest;
        EvaluationReport? previous = await ReadLatestAsync(cancellationToken).ConfigureAwait(false);

        BlobContainerClient evaluation = _blobService.GetBlobContainerClient(_layout.Evaluation);
        (long listed, ModelEvaluation scored) = await EvaluateAsync(lease, evaluation, cancellationToken).ConfigureAwait(false);
        MultiLabelMetrics? metrics = scored.Metrics;
        if (metrics is null)
        {
            EvaluationLog.NothingScored(_logger, evaluation.Name);
        }

        TrafficSummary traffic = await SummariseTrafficAsync(manifest, previous?.Traffic, startedAt, cancellationToken).ConfigureAwait(false);
        LiveAccuracyReport live = await _live.EvaluateAsync(cancellationToken).ConfigureAwait(false);
        string blobName = $"{manifest.Version}/{startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}.json";
        var report = new EvaluationReport
        {
            ModelVersion = manifest.Version,
            ModelSha256 = manifest.Sha256,
            EvaluationContainer = evaluation.Name,
            ReportBlobName = blobName,
            StartedAt = startedAt,
            CompletedAt = _time.GetUtcNow(),
            DurationMs = Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 1),
            Images = new EvaluationImageCounts(listed, scored.Evaluated, scored.Skipped.Count) { Uncertain = scored.Uncertain },
            RejectedImages = scored.Skipped,
            Metrics = metrics,
            Traffic = traffic,
            Live = live,
        };
        await WriteAsync(report, cancellationToken).ConfigureAwait(false);
        EvaluationLog.Written(_logger, report.ModelVersion, blobName, report.Images.Evaluated, report.Images.Rejected, metrics?.Micro.F1, metrics?.Macro.F1,
            traffic.Records, traffic.RejectionRate, traffic.FlaggedLabels);
        FeedbackLog.LiveAccuracy(_logger, live);
        return report;
    }

    private async Task<(long Listed, ModelEvaluation Scored)> EvaluateAsync(ModelLease lease, BlobContainerClient evaluation, CancellationToken cancellationToken)
    {
        // No evaluation container is no labelled images: the report still summarises traffic.
        if (!await evaluation.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return (0, new ModelEvaluation(lease.Version, null, 0, 0, []));
        }

        LabelledSetEvaluation result = await new LabelledSetEvaluator([lease.Classifier], _options, _logger)
            .EvaluateAsync(new BlobEvaluationImageSource(evaluation), cancellationToken).ConfigureAwait(false);
        return (result.Listed, result.Models[0]);
    }

    /// <summary>The newest report (<c>metrics/latest.json</c>), or null before the first run.</summary>
    /// <exception cref="InvalidDataException">latest.json is not a report.</exception>
    public async Task<EvaluationReport?> ReadLatestAsync(CancellationToken cancellationToken = default) =>
        await MetricsContainer.GetBlobClient(LatestBlobName)
            .ReadJsonOrNullAsync<EvaluationReport>($"{MetricsContainer.Name}/{LatestBlobName}", cancellationToken).ConfigureAwait(false);

    private async Task<TrafficSummary> SummariseTrafficAsync(ModelManifest manifest, TrafficSummary? previous, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var traffic = new TrafficAccumulator(manifest, _options.DriftTolerance);
        // A report from before the traffic log has no cursor: the log is then read from its beginning.
        TrafficCursor cursor = await new TrafficLogReader(MetricsContainer, _options.Parallelism)
            .ReadAsync(previous?.Cursor, until, traffic.Add, traffic.AddUnreadable, cancellationToken).ConfigureAwait(false);
        return traffic.ToSummary(previous?.Until, until, cursor);
    }

    private async Task WriteAsync(EvaluationReport report, CancellationToken cancellationToken)
    {
        await MetricsContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var content = new BinaryData(ManifestJson.SerializeToUtf8Bytes(report));
        var headers = new BlobHttpHeaders { ContentType = "application/json" };
        await MetricsContainer.GetBlobClient(report.ReportBlobName)
            .UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken)
            .ConfigureAwait(false);
        await MetricsContainer.GetBlobClient(LatestBlobName)
            .UploadAsync(content, new BlobUploadOptions { HttpHeaders = headers }, cancellationToken)
            .ConfigureAwait(false);
    }
}
