using Azure.Core;
using Azure.Core.Pipeline;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// Counts the storage requests a command sends (every attempt, retries included) and the bytes the responses declare:
/// the machine-independent cost figures of <c>bench timer</c>, and of every command in its <c>--json-log</c> exit event.
/// </summary>
internal sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    private long _requests;
    private long _responseBytes;

    public long Requests => Interlocked.Read(ref _requests);

    public long ResponseBytes => Interlocked.Read(ref _responseBytes);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);

    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Response.Headers.ContentLengthLong is long length)
        {
            Interlocked.Add(ref _responseBytes, length);
        }
    }
}
