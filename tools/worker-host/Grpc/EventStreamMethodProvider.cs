using FashionServerless.WorkerHost.Protocol;
using global::Grpc.AspNetCore.Server.Model;
using global::Grpc.Core;

namespace FashionServerless.WorkerHost.Grpc;

/// <summary>
/// Binds the worker's duplex <c>EventStream</c> method, named as the worker's descriptor names it, with raw byte
/// messages: the bytes are decoded by <see cref="WorkerProtocol"/>, not by generated server code.
/// </summary>
internal sealed class EventStreamMethodProvider(WorkerProtocol protocol, EventStreamCalls calls) : IServiceMethodProvider<EventStreamService>
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<EventStreamService> context)
    {
        var method = new Method<byte[], byte[]>(
            MethodType.DuplexStreaming, protocol.EventStream.Service.FullName, protocol.EventStream.Name, Raw, Raw);
        context.AddDuplexStreamingMethod(method, [], (_, requests, responses, callContext) => calls.AcceptAsync(requests, responses, callContext));
    }
}
