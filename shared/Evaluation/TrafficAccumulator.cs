using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;

namespace FashionServerless.Shared.Evaluation;

/// <summary>Counts traffic log lines one at a time (memory: one counter per label and reason) and compares label rates with training.</summary>
internal sealed class TrafficAccumulator(ModelManifest manifest, double tolerance)
{
    private readonly Dictionary<string, long> _positives = manifest.Labels.ToDictionary(l => l, _ => 0L, StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _reasons = new(StringComparer.Ordinal);
    private readonly List<SkippedFile> _unreadable = [];
    private long _classified;
    private long _uncertain;
    private long _rejected;

    public void Add(TrafficEntry entry)
    {
        switch (entry.Status)
        {
            case PredictionStatus.Rejected:
                _rejected++;
                string reason = entry.Reason ?? "unknown";
                _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
                return;
            case PredictionStatus.Uncertain:
                // Only the confident groups' labels are named, so the image would distort the label rates.
                _uncertain++;
                return;
            case PredictionStatus.Classified:
                break;
            default:
                _unreadable.Add(new SkippedFile($"{entry.ModelVersion}@{entry.ProcessedAt:O}", "unknown_status", $"The status '{entry.Status}' is not one this summary knows."));
                return;
        }

        _classified++;
        foreach (string label in entry.Labels ?? [])
        {
            // Labels another model version knew but this one does not have no training rate to compare with.
            if (_positives.TryGetValue(label, out long count))
            {
                _positives[label] = count + 1;
            }
        }
    }

    public void AddUnreadable(SkippedFile line) => _unreadable.Add(line);

    public TrafficSummary ToSummary(DateTimeOffset? since, DateTimeOffset until, TrafficCursor cursor)
    {
        long records = _classified + _uncertain + _rejected;
        IReadOnlyDictionary<string, double>? training = TrainingRates(manifest);
        LabelTraffic[] labels = [.. manifest.Labels.Select(label =>
        {
            double? live = _classified == 0 ? null : (double)_positives[label] / _classified;
            double? trained = training?.GetValueOrDefault(label);
            double? drift = live - trained;
            return new LabelTraffic(label, _positives[label], live, trained, drift, drift is double d && Math.Abs(d) > tolerance);
        })];
        return new TrafficSummary
        {
            Since = since,
            Until = until,
            Records = records,
            Classified = _classified,
            Uncertain = _uncertain,
            Rejected = _rejected,
            RejectionRate = records == 0 ? 0 : (double)_rejected / records,
            RejectionsByReason = _reasons.ToDictionary(p => p.Key, p => new ReasonCount(p.Value, (double)p.Value / records), StringComparer.Ordinal),
            Labels = labels,
            DriftTolerance = tolerance,
            FlaggedLabels = [.. labels.Where(l => l.Flagged).Select(l => l.Label)],
            UnreadableRecords = _unreadable,
            Cursor = cursor,
        };
    }

    /// <summary>Each label's share of the training images: a class folder <c>black_dress</c> counts for black and for dress.</summary>
    private static Dictionary<string, double>? TrainingRates(ModelManifest manifest)
    {
        IReadOnlyDictionary<string, int>? perClass = manifest.Dataset?.ImagesPerClass;
        long total = perClass?.Values.Sum(v => (long)v) ?? 0;
        if (perClass is null || total == 0)
        {
            return null;
        }

        var rates = manifest.Labels.ToDictionary(l => l, _ => 0.0, StringComparer.Ordinal);
        foreach ((string folder, int count) in perClass)
        {
            ClassName name = LabelSchema.ParseClassName(folder);
            foreach (string label in new[] { name.Colour, name.Garment }.Where(rates.ContainsKey))
            {
                rates[label] += (double)count / total;
            }
        }

        return rates;
    }
}
