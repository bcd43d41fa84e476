using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Functions;

/// <summary>
/// Sends the telemetry still buffered when the worker stops (the host's WorkerTerminate on scale-in, restart or
/// redeploy). The channel otherwise sends on a 30 s interval, and whatever it holds when the process exits is lost.
/// </summary>
internal sealed class TelemetryFlush(TelemetryClient telemetry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => telemetry.FlushAsync(cancellationToken);
}
