namespace FashionServerless.WorkerHost.Grpc;

/// <summary>
/// The gRPC service type the worker's <c>EventStream</c> call is routed to. Its one method is bound by
/// <see cref="EventStreamMethodProvider"/> from the worker's own descriptor, so this type has no members.
/// </summary>
internal sealed class EventStreamService;
