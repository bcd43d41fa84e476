using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// Reads the traffic log from a <see cref="TrafficCursor"/> on: it lists only the days since the cursor's open
/// partitions and downloads only the bytes appended since, so a run costs what the traffic since the last run costs,
/// whatever the history holds.
/// </summary>
internal sealed class TrafficLogReader(BlobContainerClient container, int parallelism)
{
    /// <summary>
    /// How long after its minute a partition may still grow: a writer appends to the minute its clock is in, so this
    /// covers clock differences between instances and an append that waits out its retries.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(30);

    /// <summary>Passes every line appended since <paramref name="cursor"/> to <paramref name="add"/> (called by one thread at a time).</summary>
    /// <param name="cursor">Where the previous run stopped; null reads the whole log.</param>
    /// <param name="now">This run's time: partitions older than <see cref="SettleTime"/> before it are closed by the returned cursor.</param>
    /// <param name="add">Receives each line read.</param>
    /// <param name="unreadable">Receives each line that is not a traffic entry, named by blob and byte offset.</param>
    /// <param name="cancellationToken">Cancels the run; the cursor is then not advanced.</param>
    /// <returns>The cursor the next run continues from.</returns>
    public async Task<TrafficCursor> ReadAsync(TrafficCursor? cursor, DateTimeOffset now, Action<TrafficEntry> add, Action<SkippedFile> unreadable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(unreadable);
        DateTimeOffset openFrom = TrafficLogNames.MinuteOf(now - SettleTime);
        if (cursor is not null && cursor.OpenFrom > openFrom)
        {
            openFrom = cursor.OpenFrom;
        }

        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return new TrafficCursor(openFrom, offsets);
        }

        var sink = new Lock();
        await Parallel.ForEachAsync(ListAsync(cursor, now, cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                long done = cursor?.Offsets.GetValueOrDefault(blob.Name) ?? 0;
                (List<TrafficEntry> lines, List<SkippedFile> bad) = blob.Length > done
                    ? await ReadLinesAsync(blob.Name, done, blob.Length, token).ConfigureAwait(false)
                    : ([], []);
                lock (sink)
                {
                    lines.ForEach(add);
                    bad.ForEach(unreadable);
                    if (blob.Minute >= openFrom)
                    {
                        offsets[blob.Name] = Math.Max(done, blob.Length);
                    }
                }
            }).ConfigureAwait(false);
        return new TrafficCursor(openFrom, offsets);
    }

    /// <summary>The log blobs that may hold unread lines: every one without a cursor, else those of its open partitions and later.</summary>
    private async IAsyncEnumerable<LogBlob> ListAsync(TrafficCursor? cursor, DateTimeOffset now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IEnumerable<string> prefixes = cursor is null ? [TrafficLogNames.Root] : Days(cursor.OpenFrom, now).Select(TrafficLogNames.Day);
        foreach (string prefix in prefixes)
        {
            await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                if (TrafficLogNames.TryParse(item.Name, out DateTimeOffset minute) && (cursor is null || minute >= cursor.OpenFrom))
                {
                    yield return new LogBlob(item.Name, minute, item.Properties.ContentLength ?? 0);
                }
            }
        }
    }

    private static IEnumerable<DateTimeOffset> Days(DateTimeOffset from, DateTimeOffset to)
    {
        DateTimeOffset day = new(from.UtcDateTime.Date, TimeSpan.Zero);
        do
        {
            yield return day;
            day = day.AddDays(1);
        }
        while (day <= to);
    }

    /// <summary>The complete lines in [<paramref name="from"/>, <paramref name="to"/>): appends are whole lines, so the range is too.</summary>
    private async Task<(List<TrafficEntry> Lines, List<SkippedFile> Unreadable)> ReadLinesAsync(string blobName, long from, long to, CancellationToken cancellationToken)
    {
        var options = new BlobDownloadOptions { Range = new HttpRange(from, to - from) };
        ReadOnlyMemory<byte> content = (await container.GetBlobClient(blobName).DownloadContentAsync(options, cancellationToken).ConfigureAwait(false)).Value.Content.ToMemory();
        var lines = new List<TrafficEntry>();
        var unreadable = new List<SkippedFile>();
        long offset = from;
        while (!content.IsEmpty)
        {
            int end = content.Span.IndexOf((byte)'\n');
            ReadOnlyMemory<byte> line = end < 0 ? content : content[..end];
            if (!line.Span.Trim((byte)' ').IsEmpty)
            {
                try
                {
                    lines.Add(ManifestJson.Deserialize<TrafficEntry>(line.Span, $"Traffic log line at byte {offset} of {blobName}"));
                }
                catch (InvalidDataException ex)
                {
                    unreadable.Add(new SkippedFile($"{blobName}@{offset}", "unreadable", ex.Message));
                }
            }

            offset += line.Length + 1;
            content = end < 0 ? ReadOnlyMemory<byte>.Empty : content[(end + 1)..];
        }

        return (lines, unreadable);
    }

    private sealed record LogBlob(string Name, DateTimeOffset Minute, long Length);
}
