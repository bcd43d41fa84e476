using System.Net;
using FashionServerless.WorkerHost.Protocol;
using global::Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FashionServerless.WorkerHost.Grpc;

/// <summary>
/// The host's gRPC endpoint: Kestrel on a free loopback port, HTTP/2 without TLS (as the Functions host serves its
/// workers), with the worker's <c>EventStream</c> method and no message size limit (the host passes
/// <c>--grpcMaxMessageLength 2147483647</c>).
/// </summary>
internal sealed class EventStreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EventStreamServer(WebApplication app, EventStreamCalls calls, Uri address)
    {
        _app = app;
        Calls = calls;
        Address = address;
    }

    public EventStreamCalls Calls { get; }

    /// <summary>Where the worker connects, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    public static async Task<EventStreamServer> StartAsync(WorkerProtocol protocol, string workerId, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var calls = new EventStreamCalls(protocol, workerId);
        builder.Services.AddLogging();
        builder.Services.AddRouting();
        builder.Services.AddSingleton(protocol);
        builder.Services.AddSingleton(calls);
        builder.Services.AddSingleton<EventStreamService>();
        builder.Services.AddSingleton<IServiceMethodProvider<EventStreamService>, EventStreamMethodProvider>();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
            options.EnableDetailedErrors = true;
        });

        WebApplication app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<EventStreamService>();
        await app.StartAsync(cancellationToken);
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EventStreamServer(app, calls, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Open calls were aborted at the deadline; nothing else to wait for.
        }

        await _app.DisposeAsync();
    }
}
