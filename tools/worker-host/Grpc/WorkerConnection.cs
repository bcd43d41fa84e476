using System.Text.Json.Nodes;
using System.Threading.Channels;
using FashionServerless.WorkerHost.Protocol;
using global::Grpc.Core;

namespace FashionServerless.WorkerHost.Grpc;

/// <summary>
/// One worker's open <c>EventStream</c>: what the worker sent, in order, and a queue of messages for it. A single pump
/// writes the queue to the stream, as a gRPC stream allows one write at a time.
/// </summary>
internal sealed class WorkerConnection(WorkerProtocol protocol)
{
    private readonly Channel<JsonObject> _received = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Channel<(byte[] Wire, TaskCompletionSource Written)> _outgoing =
        Channel.CreateUnbounded<(byte[], TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Messages from the worker after its <c>StartStream</c>; completes when the worker ends its side.</summary>
    public ChannelReader<JsonObject> Received => _received.Reader;

    /// <summary>Queues <paramref name="message"/> and completes once it is written to the stream.</summary>
    public async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_outgoing.Writer.TryWrite((protocol.Encode(message), written)))
        {
            throw new InvalidOperationException("The host has closed its side of the worker's stream.");
        }

        await written.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Ends the host's side of the stream once the queued messages are written.</summary>
    public void Close() => _outgoing.Writer.TryComplete();

    /// <summary>Writes queued messages until <see cref="Close"/> or until the call is aborted.</summary>
    internal async Task PumpAsync(IServerStreamWriter<byte[]> responses, CancellationToken callAborted)
    {
        try
        {
            await foreach ((byte[] wire, TaskCompletionSource written) in _outgoing.Reader.ReadAllAsync(callAborted))
            {
                try
                {
                    await responses.WriteAsync(wire, callAborted);
                    written.TrySetResult();
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
                {
                    written.TrySetException(ex);
                    throw;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            _outgoing.Writer.TryComplete(ex);
            while (_outgoing.Reader.TryRead(out (byte[] Wire, TaskCompletionSource Written) pending))
            {
                pending.Written.TrySetException(ex);
            }
        }
    }

    internal ValueTask ReceivedAsync(JsonObject message) => _received.Writer.WriteAsync(message);

    internal void Complete(Exception? error) => _received.Writer.TryComplete(error);
}
