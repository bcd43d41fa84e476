namespace FashionServerless.Testing.Azurite;

/// <summary>
/// The storage every test in this process shares: the account named by <see cref="AzuriteFixture.ConnectionStringVariable"/>,
/// or one Azurite started on first use and stopped when the process exits.
/// </summary>
internal static class AzuriteHost
{
    private static readonly Lazy<Task<string>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static AzuriteProcess? started;

    /// <summary>The connection string (blob, queue and table endpoints) of the shared storage.</summary>
    public static Task<string> GetConnectionStringAsync() => Shared.Value;

    public static bool IsExternal => !string.IsNullOrWhiteSpace(ExternalConnectionString);

    private static string? ExternalConnectionString => Environment.GetEnvironmentVariable(AzuriteFixture.ConnectionStringVariable);

    private static async Task<string> StartAsync()
    {
        if (IsExternal)
        {
            return ExternalConnectionString!.Trim();
        }

        AzuriteProcess azurite = await AzuriteProcess.StartAsync(CancellationToken.None).ConfigureAwait(false);
        started = azurite;

        // xunit 2 has no assembly-wide teardown; process exit is the last moment the test process runs code.
        // A killed test process is covered too: Azurite's node exits when the pipe to its stdin closes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => started?.Dispose();
        return azurite.ConnectionString;
    }
}
