using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Counts the storage requests a client sends, by kind (<c>GET upload</c>, <c>HEAD record</c>, ...), with the time each
/// kind spent on the wire as the client saw it. Added per retry, so a retried request counts twice, as the server sees it.
/// </summary>
internal sealed class StorageRequestTally(IReadOnlyDictionary<string, string> roleByContainer) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, Counter> _byKind = new(StringComparer.Ordinal);

    public void Clear() => _byKind.Clear();

    /// <summary>The kinds seen since the last <see cref="Clear"/>, most frequent first.</summary>
    public IReadOnlyList<StorageRequestKind> Snapshot() =>
        [.. _byKind.Select(p => new StorageRequestKind(p.Key, p.Value.Count, p.Value.Count == 0 ? 0 : p.Value.Ticks * 1000.0 / Stopwatch.Frequency / p.Value.Count))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Kind, StringComparer.Ordinal)];

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        long started = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        Record(message, started);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        long started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Record(message, started);
    }

    private void Record(HttpMessage message, long started)
    {
        Counter counter = _byKind.GetOrAdd(KindOf(message.Request), static _ => new Counter());
        Interlocked.Increment(ref counter.Count);
        Interlocked.Add(ref counter.Ticks, Stopwatch.GetTimestamp() - started);
    }

    private string KindOf(Request request)
    {
        // Path: /<account>/<container>[/<blob>] (Azurite) or /<container>[/<blob>] (Azure); the query tells container operations.
        string[] segments = request.Uri.Path.Trim('/').Split('/');
        string role = segments.Select(s => roleByContainer.GetValueOrDefault(s)).FirstOrDefault(r => r is not null) ?? "other";
        string query = request.Uri.Query;
        string operation = query.Contains("comp=list", StringComparison.Ordinal) ? " (list)"
            : query.Contains("restype=container", StringComparison.Ordinal) ? " (container)"
            : string.Empty;
        return $"{request.Method.Method} {role}{operation}";
    }

    private sealed class Counter
    {
        public int Count;
        public long Ticks;
    }
}
