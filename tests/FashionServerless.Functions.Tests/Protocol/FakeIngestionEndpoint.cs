using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// Stands in for Application Insights' ingestion service on a loopback port: accepts what the SDK posts to
/// <c>/v2/track</c> (newline-delimited JSON, usually gzipped) and keeps every telemetry item.
/// </summary>
internal sealed class FakeIngestionEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _items = new();
    private readonly Func<JsonObject, bool> _awaited;
    private readonly TaskCompletionSource<JsonObject> _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeIngestionEndpoint(WebApplication app, Func<JsonObject, bool> awaited)
    {
        _app = app;
        _awaited = awaited;
    }

    /// <summary>A connection string that sends the worker's telemetry here.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Completes with the first item that matched the predicate given at start.</summary>
    public Task<JsonObject> Arrived => _arrived.Task;

    public IReadOnlyList<JsonObject> Items => [.. _items];

    public static async Task<FakeIngestionEndpoint> StartAsync(Func<JsonObject, bool> awaited)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        WebApplication app = builder.Build();
        var endpoint = new FakeIngestionEndpoint(app, awaited);
        app.UseRouting();
        app.MapPost("/v2/track", endpoint.TrackAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        endpoint.ConnectionString = $"InstrumentationKey={Guid.NewGuid()};IngestionEndpoint={address}/";
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> TrackAsync(HttpRequest request)
    {
        Stream body = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress)
            : request.Body;
        using var reader = new StreamReader(body);
        int count = 0;
        while (await reader.ReadLineAsync() is string line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject item = JsonNode.Parse(line)!.AsObject();
            count++;
            _items.Enqueue(item);
            if (_awaited(item))
            {
                _arrived.TrySetResult(item);
            }
        }

        return Results.Json(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
    }
}
