using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Dashboard;

/// <summary>
/// Gathers the dashboard's figures from storage: every evaluation report under <c>metrics/&lt;version&gt;/</c> and the
/// newest rejections among the prediction records written in the last <see cref="RejectionWindow"/>.
/// </summary>
public sealed class DashboardReader
{
    /// <summary>Runs kept on the page (the newest); older ones stay in storage.</summary>
    public const int MaxRuns = 500;

    /// <summary>Rejections listed.</summary>
    public const int MaxRejections = 12;

    /// <summary>How far back records are read for the rejection list: the scan costs one read per record written in it.</summary>
    public static readonly TimeSpan RejectionWindow = TimeSpan.FromDays(7);

    private readonly BlobContainerClient _metrics;
    private readonly PredictionRecordReader _records;
    private readonly TimeProvider _time;

    public DashboardReader(BlobServiceClient blobService, BlobLayoutOptions layout, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(layout);
        _metrics = blobService.GetBlobContainerClient(layout.Metrics);
        _records = new PredictionRecordReader(blobService, layout);
        _time = time ?? TimeProvider.System;
    }

    public async Task<DashboardData> ReadAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var reports = new List<EvaluationReport>();
        if (await _metrics.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            await foreach (BlobItem item in _metrics.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                int slash = item.Name.IndexOf('/', StringComparison.Ordinal);
                // Reports are <version>/<timestamp>.json; feedback/ and dashboard/ are not versions.
                if (slash <= 0 || !ModelVersion.IsValid(item.Name[..slash]) || !item.Name.EndsWith(".json", StringComparison.Ordinal)
                    || item.Name.StartsWith(FeedbackBlobNames.Prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                BinaryData content = (await _metrics.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
                try
                {
                    reports.Add(ManifestJson.Deserialize<EvaluationReport>(content.ToMemory().Span, item.Name));
                }
                catch (InvalidDataException)
                {
                    // Not a report (hand-made or from a future schema): the page shows the reports it can read.
                }
            }
        }

        EvaluationReport[] ordered = [.. reports.OrderBy(r => r.CompletedAt).TakeLast(MaxRuns)];
        return new DashboardData
        {
            GeneratedAt = now,
            Runs = [.. ordered.Select(ToRun)],
            Latest = ordered.LastOrDefault(),
            RecentRejections = await ReadRejectionsAsync(now - RejectionWindow, cancellationToken).ConfigureAwait(false),
        };
    }

    private static DashboardRun ToRun(EvaluationReport report)
    {
        LiveModelAccuracy? live = report.Live?.Models.FirstOrDefault(m => m.ModelVersion == report.ModelVersion);
        return new DashboardRun(
            report.ModelVersion,
            report.CompletedAt,
            report.Images.Evaluated,
            report.Metrics?.Micro.F1,
            report.Metrics?.Macro.F1,
            report.Metrics?.ExactMatch,
            live?.Metrics.SampleCount ?? 0,
            live?.Metrics.Micro.F1,
            live?.Metrics.Macro.F1,
            live?.Metrics.ExactMatch,
            report.Traffic.Records,
            report.Traffic.RejectionRate);
    }

    private async Task<IReadOnlyList<RecentRejection>> ReadRejectionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var newest = new PriorityQueue<RecentRejection, DateTimeOffset>();
        await foreach (BlobItem item in _records.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.Properties.LastModified < since)
            {
                continue;
            }

            PredictionRecord? record;
            try
            {
                record = await _records.ReadRecordBlobAsync(item.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            if (record is { Status: PredictionStatus.Rejected })
            {
                newest.Enqueue(new RecentRejection(record.Source, record.Rejection?.Reason ?? "unknown", record.Rejection?.Message ?? "", record.ModelVersion, record.ProcessedAt),
                    record.ProcessedAt);
                if (newest.Count > MaxRejections)
                {
                    newest.Dequeue();
                }
            }
        }

        var list = new List<RecentRejection>(newest.Count);
        while (newest.TryDequeue(out RecentRejection? rejection, out _))
        {
            list.Add(rejection);
        }

        list.Reverse();
        return list;
    }
}
