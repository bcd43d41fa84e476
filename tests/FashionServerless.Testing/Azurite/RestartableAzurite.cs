namespace FashionServerless.Testing.Azurite;

/// <summary>
/// An Azurite of its own, with its data on disk, that a test can stop (its clients see connections refused, as with an unreachable storage)
/// and start again on the same folder and ports: clients keep their connection string and find their data again.
/// </summary>
public sealed class RestartableAzurite : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fashionserverless-azurite-restart-").FullName;
    private readonly int[] _ports = LoopbackPorts.Free(3);
    private AzuriteProcess? _process;

    public string ConnectionString { get; private set; } = "";

    public bool IsRunning => _process is not null;

    public static async Task<RestartableAzurite> StartAsync(CancellationToken cancellationToken = default)
    {
        var azurite = new RestartableAzurite();
        await azurite.RestartAsync(cancellationToken).ConfigureAwait(false);
        return azurite;
    }

    /// <summary>Stops the process as a service is stopped (see <see cref="AzuriteProcess.StopAsync"/>); the data folder stays.</summary>
    public Task StopAsync() => Interlocked.Exchange(ref _process, null)?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Starts it again on the same folder and ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        AzuriteProcess process = await AzuriteProcess.StartPersistentAsync(_folder, _ports, cancellationToken).ConfigureAwait(false);
        ConnectionString = process.ConnectionString;
        _process = process;
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _process, null)?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }
}
