using Azure.Storage.Blobs;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// Writes <c>bench timer</c>'s live traffic: records as the blob function's instances log them, <c>writers</c> processes
/// each appending to its own blob per minute, spread over time at <c>rate</c> uploads per second and ending now. Lines
/// are appended a minute's worth per block to set the benchmark up quickly; the layout and bytes the timer reads are
/// those of one append per record.
/// </summary>
internal sealed class TimerBenchTraffic
{
    private readonly ModelManifest _manifest;
    private readonly int _rate;
    private readonly (TrafficLog Log, WriterClock Clock)[] _writers;
    private readonly Random _random = new(1);
    private int _written;

    public TimerBenchTraffic(BlobServiceClient storage, BlobLayoutOptions layout, ModelManifest manifest, int rate, int writers)
    {
        _manifest = manifest;
        _rate = rate;
        _writers = [.. Enumerable.Range(0, writers).Select(_ =>
        {
            var clock = new WriterClock();
            return (new TrafficLog(storage, layout, clock), clock);
        })];
    }

    /// <summary>The labels of the untrained model the benchmark promotes when none is given.</summary>
    public static LabelSchema Schema { get; } = new(["black", "blue"], ["dress", "pants", "shirt", "shoes", "shorts"]);

    public async Task WriteAsync(int count, CancellationToken cancellationToken)
    {
        DateTimeOffset end = DateTimeOffset.UtcNow;
        DateTimeOffset start = end - TimeSpan.FromSeconds((double)count / _rate);
        IEnumerable<(int Writer, DateTimeOffset Minute, PredictionRecord Record)> records = Enumerable.Range(0, count).Select(i =>
        {
            DateTimeOffset at = start + TimeSpan.FromSeconds((double)i / _rate);
            return (i % _writers.Length, MinuteOf(at), Record(_written + i, at));
        });
        foreach (var group in records.GroupBy(r => (r.Writer, r.Minute)))
        {
            (TrafficLog log, WriterClock clock) = _writers[group.Key.Writer];
            clock.Now = group.Key.Minute;
            await log.AppendAsync(group.Select(r => r.Record), cancellationToken);
        }

        _written += count;
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);

    private PredictionRecord Record(int index, DateTimeOffset at)
    {
        // About what a live pipeline sees: most photos classified, some doubted, a few rejected.
        double draw = _random.NextDouble();
        string status = draw < 0.05 ? PredictionStatus.Rejected : draw < 0.10 ? PredictionStatus.Uncertain : PredictionStatus.Classified;
        string[] labels = [.. _manifest.Groups.Values.Select(group => group[_random.Next(group.Count)])];
        return new PredictionRecord
        {
            Source = $"bench/{index:D8}.jpg",
            SourceETag = "0x8DDB1C2F3A4B5C6",
            Status = status,
            Labels = status == PredictionStatus.Rejected ? null : labels,
            Rejection = status == PredictionStatus.Rejected ? new PredictionRejection(draw < 0.025 ? "not_an_image" : "corrupt", "benchmark") : null,
            ModelVersion = _manifest.Version,
            ModelSha256 = _manifest.Sha256,
            ElapsedMs = 6,
            ProcessedAt = at,
        };
    }

    /// <summary>The clock one simulated writer appends by.</summary>
    private sealed class WriterClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
