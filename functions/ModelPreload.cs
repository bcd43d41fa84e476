using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Serving;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Functions;

/// <summary>
/// Starts the serving warm-up as the worker starts, before it connects to the host, so an instance woken by an upload
/// loads its model beside the connection and the functions' loading instead of making that upload wait for it; beside
/// it, the classifier prepares its record and traffic writes. Start-up does not wait for either, and neither fails the
/// worker (<see cref="ServingWarmup"/>, <see cref="UploadClassifier.PrepareAsync"/>); stopping the worker cancels them.
/// </summary>
internal sealed class ModelPreload(ServingWarmup warmup, UploadClassifier classifier) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _warming = Task.CompletedTask;

    // StartingAsync runs before every hosted service's StartAsync, the worker's gRPC connection included.
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _warming = Task.WhenAll(
            Task.Run(() => warmup.RunAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => classifier.PrepareAsync(_stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _warming.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The warm-up was cut short by the stop itself, or the host stopped waiting for it; either way it is over.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();
}
