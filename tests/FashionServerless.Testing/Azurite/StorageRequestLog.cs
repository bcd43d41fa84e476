using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FashionServerless.Testing.Azurite;

/// <summary>
/// Records every request a storage client sends (add it with <c>options.AddPolicy(log, HttpPipelinePosition.PerRetry)</c>),
/// as <c>METHOD container[/blob]</c> (with <c>?comp=...</c> when the request names a sub-resource, such as a blob's tags),
/// so a test can assert how many round trips an operation costs.
/// </summary>
public sealed class StorageRequestLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public void Clear() => _requests.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _requests.Enqueue(Describe(message));
    }

    /// <summary><c>METHOD container[/blob][?comp=...]</c> (the operation of a sub-resource request, such as tags, unless <paramref name="withComp"/> is false): the path on Azurite is /&lt;account&gt;/&lt;container&gt;[/&lt;blob&gt;], and the account segment is dropped.</summary>
    internal static string Describe(HttpMessage message, bool withComp = true)
    {
        string[] segments = message.Request.Uri.Path.Trim('/').Split('/', 2);
        string path = segments.Length == 2 ? Uri.UnescapeDataString(segments[1]) : segments[0];
        string? comp = message.Request.Uri.Query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("comp=", StringComparison.Ordinal));
        return comp is null || !withComp ? $"{message.Request.Method.Method} {path}" : $"{message.Request.Method.Method} {path}?{comp}";
    }
}
