using System.Text.Json.Nodes;
using FashionServerless.WorkerHost.Protocol;
using global::Grpc.Core;

namespace FashionServerless.WorkerHost.Grpc;

/// <summary>
/// Receives the worker's <c>EventStream</c> calls. A call is accepted once its first message, <c>StartStream</c>,
/// names the expected worker id; it then stays open until the worker ends its side or the host disposes.
/// </summary>
internal sealed class EventStreamCalls(WorkerProtocol protocol, string expectedWorkerId)
{
    private readonly TaskCompletionSource<WorkerConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the worker's connection once its <c>StartStream</c> has arrived.</summary>
    public Task<WorkerConnection> Connected => _connected.Task;

    public async Task AcceptAsync(IAsyncStreamReader<byte[]> requests, IServerStreamWriter<byte[]> responses, ServerCallContext context)
    {
        CancellationToken cancellationToken = context.CancellationToken;
        if (!await requests.MoveNext(cancellationToken))
        {
            return;
        }

        JsonObject first = protocol.Decode(requests.Current);
        string? workerId = first["startStream"]?["workerId"]?.GetValue<string>();
        if (workerId != expectedWorkerId)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"Expected StartStream from worker '{expectedWorkerId}' as the first message; got {first.ToJsonString()}."));
        }

        var connection = new WorkerConnection(protocol);
        if (!_connected.TrySetResult(connection))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Worker '{workerId}' already has a stream open."));
        }

        // The call lasts as long as the host keeps its side open: the pump ends on Close or when the call is aborted.
        Task pump = connection.PumpAsync(responses, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                await connection.ReceivedAsync(protocol.Decode(requests.Current));
            }

            connection.Complete(null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or RpcException)
        {
            connection.Complete(ex);
        }

        await pump;
    }

    /// <summary>Fails <see cref="Connected"/> when the worker can no longer connect (it exited, or the wait timed out).</summary>
    public void Abandon(Exception reason) => _connected.TrySetException(reason);
}
