using System.Runtime.ExceptionServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// Writes one line per prediction record to a time-partitioned log (<see cref="TrafficLogNames"/>), as the record is
/// written, so the scheduled evaluation reads the traffic since its last run (a few appended blobs per minute) instead of
/// listing and downloading every record ever written. Each process appends to its own blob per minute, so writers never
/// contend. A failed append is logged and never fails the upload: the record, the real output, is already written;
/// the summary then misses that one line. Thread-safe; register one per process.
/// </summary>
/// <remarks>
/// Lines of concurrent uploads are committed as a group: while one append request is in flight, the lines that arrive
/// queue up and go out together in the next one, so a busy process sends fewer, larger appends (the storage server's
/// cost is per request) and an idle one still sends each line at once. Every caller still waits for the request that
/// carries its own line, so a line reported appended is in storage.
/// </remarks>
public sealed class TrafficLog
{
    // An append block of at most 4 MiB is accepted by every service version (and Azurite).
    private const int MaxBlockBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _writer = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly Lock _queueGate = new();
    private List<QueuedLine> _queue = [];
    private bool _committing;
    private Partition? _current;
    private volatile bool _containerEnsured;

    public TrafficLog(BlobServiceClient blobService, BlobLayoutOptions layout, TimeProvider? time = null, ILogger<TrafficLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(layout);
        _container = blobService.GetBlobContainerClient(layout.Metrics);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Builds the line's JSON contract and makes sure the container exists, so the first append does neither.</summary>
    /// <exception cref="RequestFailedException">Storage refused the request; the first append tries again.</exception>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        ManifestJson.Prepare(ManifestJson.CompactOptions, typeof(TrafficEntry));
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends <paramref name="record"/>'s line; call it once the record is written.</summary>
    /// <param name="record">The record just written.</param>
    /// <param name="cancellationToken">Stops waiting; the line may still be appended with its group.</param>
    /// <returns>Whether the line was appended (a storage failure is logged, not thrown).</returns>
    public async Task<bool> AppendAsync(PredictionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = new QueuedLine(Line(record));
        bool startCommitting;
        lock (_queueGate)
        {
            _queue.Add(line);
            startCommitting = !_committing;
            _committing = true;
        }

        if (startCommitting)
        {
            // Runs until the queue is empty; its first request goes out before this returns.
            _ = CommitQueuedAsync();
        }

        Exception? failure = await line.Committed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            return true;
        }

        if (failure is RequestFailedException or AggregateException or HttpRequestException)
        {
            TrafficLogMessages.AppendFailed(_logger, failure, record.Source, record.ModelVersion);
            return false;
        }

        ExceptionDispatchInfo.Throw(failure);
        return false;
    }

    /// <summary>Sends the queued lines, as many per request as fit, until none are left; never throws.</summary>
    private async Task CommitQueuedAsync()
    {
        while (true)
        {
            List<QueuedLine> group;
            lock (_queueGate)
            {
                if (_queue.Count == 0)
                {
                    _committing = false;
                    return;
                }

                group = TakeGroup();
            }

            Exception? failure = null;
            try
            {
                await AppendBlockAsync(Concatenate(group), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Each caller of the group decides what its failure means; the loop must go on for the lines behind it.
                failure = ex;
            }

            foreach (QueuedLine line in group)
            {
                line.Committed.TrySetResult(failure);
            }
        }
    }

    /// <summary>The queue's oldest lines that fit one block (at least one); the rest stay queued. Call under the lock.</summary>
    private List<QueuedLine> TakeGroup()
    {
        int count = 0;
        long bytes = 0;
        while (count < _queue.Count && (count == 0 || bytes + _queue[count].Bytes.Length <= MaxBlockBytes))
        {
            bytes += _queue[count].Bytes.Length;
            count++;
        }

        if (count == _queue.Count)
        {
            List<QueuedLine> all = _queue;
            _queue = [];
            return all;
        }

        List<QueuedLine> group = _queue.GetRange(0, count);
        _queue.RemoveRange(0, count);
        return group;
    }

    private static byte[] Concatenate(List<QueuedLine> group)
    {
        if (group.Count == 1)
        {
            return group[0].Bytes;
        }

        var block = new byte[group.Sum(line => line.Bytes.Length)];
        int offset = 0;
        foreach (QueuedLine line in group)
        {
            line.Bytes.CopyTo(block, offset);
            offset += line.Bytes.Length;
        }

        return block;
    }

    /// <summary>Appends the lines of many records in as few blocks as fit (a backfill, a benchmark's setup).</summary>
    /// <exception cref="RequestFailedException">Storage failed; lines of earlier blocks are appended, later ones are not.</exception>
    public async Task AppendAsync(IEnumerable<PredictionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var block = new MemoryStream();
        foreach (PredictionRecord record in records)
        {
            byte[] line = Line(record);
            if (block.Length + line.Length > MaxBlockBytes)
            {
                await AppendBlockAsync(block.ToArray(), cancellationToken).ConfigureAwait(false);
                block.SetLength(0);
            }

            block.Write(line);
        }

        if (block.Length > 0)
        {
            await AppendBlockAsync(block.ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] Line(PredictionRecord record)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(TrafficEntry.From(record), ManifestJson.CompactOptions);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private async Task AppendBlockAsync(byte[] lines, CancellationToken cancellationToken)
    {
        // The partition is the minute this process's clock is in when it appends: readers treat a partition as closed
        // well after its minute (TrafficLogReader.SettleTime), so a line never lands where nobody reads any more.
        DateTimeOffset minute = TrafficLogNames.MinuteOf(_time.GetUtcNow());
        for (int attempt = 0; ; attempt++)
        {
            Partition partition = Current(minute);
            try
            {
                await partition.Created.ConfigureAwait(false);
                using var content = new MemoryStream(lines, writable: false);
                await _container.GetAppendBlobClient(partition.BlobName).AppendBlockAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (attempt < 2 && (ex.ErrorCode == BlobErrorCode.BlockCountExceedsLimit || ex.Status == 404))
            {
                // A full blob (50,000 blocks) rolls over to the next; a deleted blob or container is made again.
                Replace(partition, rollOver: ex.ErrorCode == BlobErrorCode.BlockCountExceedsLimit);
            }
            catch
            {
                Replace(partition, rollOver: false);
                throw;
            }
        }
    }

    private Partition Current(DateTimeOffset minute)
    {
        lock (_gate)
        {
            if (_current is null || _current.Minute != minute)
            {
                _current = Start(minute, sequence: 0);
            }

            return _current;
        }
    }

    /// <summary>Forgets a partition whose blob could not be created or appended to, so the next append starts afresh.</summary>
    private void Replace(Partition failed, bool rollOver)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, failed))
            {
                _current = rollOver ? Start(failed.Minute, failed.Sequence + 1) : null;
                // The container may be what went missing; making sure again costs one request after a failure.
                _containerEnsured &= rollOver;
            }
        }
    }

    private Partition Start(DateTimeOffset minute, int sequence)
    {
        string name = TrafficLogNames.Blob(minute, _writer, sequence);
        return new Partition(minute, sequence, name, CreateAsync(name));
    }

    private async Task CreateAsync(string blobName)
    {
        await EnsureContainerAsync(CancellationToken.None).ConfigureAwait(false);
        await _container.GetAppendBlobClient(blobName)
            .CreateIfNotExistsAsync(new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } })
            .ConfigureAwait(false);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_containerEnsured)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerEnsured = true;
        }
    }

    private sealed record Partition(DateTimeOffset Minute, int Sequence, string BlobName, Task Created);

    /// <summary>A line waiting for the append that carries it; completes with that append's failure, or null.</summary>
    private sealed class QueuedLine(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        public TaskCompletionSource<Exception?> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
