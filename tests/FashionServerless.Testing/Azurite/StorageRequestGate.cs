using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace FashionServerless.Testing.Azurite;

/// <summary>
/// Records every request a storage client sends (as <c>METHOD container[/blob]</c>, like <see cref="StorageRequestLog"/>)
/// and can hold chosen requests before they leave, until the test releases or fails them: a storage round trip that
/// takes exactly as long as the test says, with no sleeps. Reach a container through it with <see cref="Container"/>,
/// which adds it per call, so a failure it injects is not retried by the client.
/// </summary>
public sealed class StorageRequestGate : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _requests = new();
    private volatile HeldRequests? _hold;

    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>A client for the container <paramref name="containerName"/> whose every request passes this gate.</summary>
    public BlobContainerClient Container(string connectionString, string containerName)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new BlobServiceClient(connectionString, options).GetBlobContainerClient(containerName);
    }

    /// <summary>How many requests were exactly <paramref name="request"/> (e.g. <c>HEAD models-1/current.json</c>).</summary>
    public int Count(string request) => _requests.Count(r => string.Equals(r, request, StringComparison.Ordinal));

    /// <summary>
    /// From now on, holds every request <paramref name="matches"/> accepts until the hold is released or failed: before
    /// it is sent, or, with <paramref name="afterResponse"/>, after storage has answered it but before the caller sees
    /// the answer (a read that has happened, and whose result arrives late).
    /// </summary>
    public HeldRequests Hold(Func<string, bool> matches, bool afterResponse = false)
    {
        var hold = new HeldRequests(matches, afterResponse);
        _hold = hold;
        return hold;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        string request = StorageRequestLog.Describe(message, withComp: false);
        _requests.Enqueue(request);
        HeldRequests? hold = _hold is HeldRequests current && current.Matches(request) ? current : null;
        if (hold is { AfterResponse: false })
        {
            await hold.WaitAsync(request).ConfigureAwait(false);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (hold is { AfterResponse: true })
        {
            await hold.WaitAsync(request).ConfigureAwait(false);
        }
    }
}

/// <summary>Requests a <see cref="StorageRequestGate"/> holds; every one waits for <see cref="Release"/> or <see cref="Fail"/>.</summary>
public sealed class HeldRequests
{
    private readonly Func<string, bool> _matches;
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    internal HeldRequests(Func<string, bool> matches, bool afterResponse)
    {
        _matches = matches;
        AfterResponse = afterResponse;
    }

    internal bool AfterResponse { get; }

    /// <summary>Completes with the first request held.</summary>
    public Task<string> FirstHeld => _first.Task;

    /// <summary>How many requests are held or were held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Lets every held request (and any later match) go on to storage.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Fails every held request (and any later match) as an unreachable storage would.</summary>
    public void Fail(int status = 503) =>
        _released.TrySetException(new RequestFailedException(status, $"Storage made unavailable by the test (status {status})."));

    internal bool Matches(string request) => _matches(request);

    internal Task WaitAsync(string request)
    {
        Interlocked.Increment(ref _count);
        _first.TrySetResult(request);
        return _released.Task;
    }
}
