using Azure.Storage.Blobs;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Feedback;

/// <summary>
/// Joins every review with its upload's prediction record and scores the record's scores against the reviewed labels,
/// per model version, with that version's <see cref="LabelDecider"/>: the same rule that made the live decision.
/// Memory is one accumulator per model version; each review costs two small blob reads.
/// </summary>
public sealed class LiveAccuracyEvaluator
{
    private readonly FeedbackStore _feedback;
    private readonly PredictionRecordReader _records;
    private readonly ModelRegistry _registry;

    public LiveAccuracyEvaluator(BlobServiceClient blobService, BlobLayoutOptions layout)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(layout);
        _feedback = new FeedbackStore(blobService, layout);
        _records = new PredictionRecordReader(blobService, layout);
        _registry = new ModelRegistry(blobService, layout);
    }

    public async Task<LiveAccuracyReport> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var models = new Dictionary<string, VersionAccumulator?>(StringComparer.Ordinal);
        var skipped = new List<SkippedFile>();
        long reviews = 0, scored = 0;
        await foreach (FeedbackEntry entry in _feedback.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            reviews++;
            if (entry.Record is not FeedbackRecord review)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "invalid_feedback", entry.Error ?? "Not valid feedback."));
                continue;
            }

            PredictionRecord? record;
            try
            {
                record = await _records.ReadAsync(review.Source, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "unreadable_record", ex.Message));
                continue;
            }

            string? why = record switch
            {
                null => "not_classified",
                _ when record.SourceETag != review.SourceETag => "stale",
                _ when record.Status == PredictionStatus.Rejected => "rejected",
                _ when record.Scores is null => "unreadable_record",
                _ => null,
            };
            if (why is not null)
            {
                skipped.Add(new SkippedFile(entry.BlobName, why, why switch
                {
                    "not_classified" => $"'{review.Source}' has no prediction record yet.",
                    "stale" => $"'{review.Source}' changed after the review (ETag {record!.SourceETag}, reviewed {review.SourceETag}); review it again.",
                    "rejected" => $"'{review.Source}' was rejected ({record!.Rejection?.Reason}), so it has no scores.",
                    _ => $"The record of '{review.Source}' has no scores.",
                }));
                continue;
            }

            if (!models.TryGetValue(record!.ModelVersion, out VersionAccumulator? model))
            {
                model = await TryCreateAsync(record.ModelVersion, cancellationToken).ConfigureAwait(false);
                models[record.ModelVersion] = model;
            }

            if (model is null)
            {
                skipped.Add(new SkippedFile(entry.BlobName, "unknown_model", $"Model version {record.ModelVersion} is not in the registry."));
                continue;
            }

            if (model.TryAdd(entry.BlobName, review, record) is SkippedFile problem)
            {
                skipped.Add(problem);
                continue;
            }

            scored++;
        }

        return new LiveAccuracyReport
        {
            Reviews = reviews,
            Scored = scored,
            Models = [.. models.Values.OfType<VersionAccumulator>().Where(m => m.Metrics.SampleCount > 0).OrderBy(m => m.Version, StringComparer.Ordinal).Select(m => m.ToResult())],
            Skipped = skipped,
        };
    }

    private async Task<VersionAccumulator?> TryCreateAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            return new VersionAccumulator(await _registry.GetManifestAsync(version, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is ModelNotFoundException or ModelIntegrityException or ArgumentException)
        {
            return null;
        }
    }

    private sealed class VersionAccumulator(ModelManifest manifest)
    {
        private readonly float[] _targets = new float[manifest.Labels.Count];
        private readonly float[] _scores = new float[manifest.Labels.Count];
        private DateTimeOffset _first = DateTimeOffset.MaxValue;
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public string Version => manifest.Version;

        public MultiLabelMetricsAccumulator Metrics { get; } = new(LabelDecider.FromManifest(manifest));

        /// <summary>Adds one review; returns why not when it cannot be scored.</summary>
        public SkippedFile? TryAdd(string blobName, FeedbackRecord review, PredictionRecord record)
        {
            string? unknown = review.Labels.FirstOrDefault(l => !manifest.Labels.Contains(l, StringComparer.Ordinal));
            if (unknown is not null)
            {
                return new SkippedFile(blobName, "unknown_label", $"Model {manifest.Version} has no label '{unknown}'.");
            }

            for (int l = 0; l < manifest.Labels.Count; l++)
            {
                string label = manifest.Labels[l];
                if (!record.Scores!.TryGetValue(label, out float score) || float.IsNaN(score))
                {
                    return new SkippedFile(blobName, "unreadable_record", $"The record of '{record.Source}' has no score for '{label}'.");
                }

                _scores[l] = score;
                _targets[l] = review.Labels.Contains(label, StringComparer.Ordinal) ? 1f : 0f;
            }

            Metrics.AddScores(_targets, _scores);
            _first = review.ReviewedAt < _first ? review.ReviewedAt : _first;
            _last = review.ReviewedAt > _last ? review.ReviewedAt : _last;
            return null;
        }

        public LiveModelAccuracy ToResult() => new(manifest.Version, _first, _last, Metrics.ToMetrics());
    }
}
