using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FashionServerless.Testing.Azurite;

/// <summary>
/// One Azurite (blob, queue and table) run by node from the repository's node_modules, on free loopback ports, in memory.
/// </summary>
internal sealed class AzuriteProcess : IDisposable
{
    // Azurite's well-known development account; not a secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Account = "devstoreaccount1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    // Runs Azurite inside a node process that exits when its stdin closes: stdin is a pipe from the test process, so
    // even a test process killed outright (no ProcessExit handler) takes Azurite down with it.
    private const string Bootstrap =
        "const script = process.argv[1];"
        + "process.argv = [process.argv[0], script, ...process.argv.slice(2)];"
        + "process.stdin.on('end', () => process.exit(0));"
        + "process.stdin.on('error', () => process.exit(0));"
        + "process.stdin.resume();"
        + "require(script);";

    private readonly Process process;
    private readonly string dataFolder;
    private readonly StringBuilder output = new();
    private readonly bool keepData;
    private int disposed;

    private AzuriteProcess(Process process, string dataFolder, int blobPort, int queuePort, int tablePort, bool keepData)
    {
        this.process = process;
        this.dataFolder = dataFolder;
        this.keepData = keepData;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};"
            + $"QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};"
            + $"TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
        Ports = [blobPort, queuePort, tablePort];
    }

    public string ConnectionString { get; }

    private int[] Ports { get; }

    /// <summary>Starts Azurite and waits until all three services answer; retries on a port taken meanwhile.</summary>
    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken)
    {
        string script = FindAzuriteScript();
        const int Attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            AzuriteProcess azurite = Launch(script, LoopbackPorts.Free(3), persistentFolder: null);
            try
            {
                await azurite.WaitUntilAnsweringAsync(cancellationToken).ConfigureAwait(false);
                return azurite;
            }
            catch (AzuriteExitedException ex) when (attempt < Attempts && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Most likely another process took one of the free ports between our probe and Azurite's bind.
                azurite.Dispose();
            }
            catch
            {
                azurite.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts Azurite on the given ports with its data on disk in <paramref name="dataFolder"/>, which outlives the
    /// process: a second start on the same folder and ports is the same storage after a restart.
    /// </summary>
    public static async Task<AzuriteProcess> StartPersistentAsync(string dataFolder, int[] ports, CancellationToken cancellationToken)
    {
        AzuriteProcess azurite = Launch(FindAzuriteScript(), ports, dataFolder);
        try
        {
            await azurite.WaitUntilAnsweringAsync(cancellationToken).ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops Azurite as a service is stopped (SIGTERM): it closes its listeners and saves its metadata, then exits. A
    /// kill (SIGKILL) instead loses the writes of its last seconds, because Azurite's metadata database is saved on a
    /// timer: an emulator's limit, not storage's (an acknowledged write in Azure is durable).
    /// </summary>
    public async Task StopAsync()
    {
        if (OperatingSystem.IsWindows() || process.HasExited)
        {
            Dispose();
            return;
        }

        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await signal.WaitForExitAsync().ConfigureAwait(false);
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Did not stop in time: killed below.
        }

        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill: nothing left to stop.
        }
        finally
        {
            process.Dispose();
            try
            {
                if (!keepData)
                {
                    Directory.Delete(dataFolder, recursive: true);
                }
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless; failing the run over it would not be.
            }
        }
    }

    private static string FindAzuriteScript()
    {
        string root = RepositoryRoot.Path;
        string script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        return File.Exists(script)
            ? script
            : throw new InvalidOperationException(
                $"Azurite is not installed: {script} is missing. Run `npm ci` in {root} (./test.sh does it), "
                + $"or set {AzuriteFixture.ConnectionStringVariable} to the connection string of a running storage emulator or account.");
    }

    private static AzuriteProcess Launch(string script, int[] ports, string? persistentFolder)
    {
        string dataFolder = persistentFolder ?? Directory.CreateTempSubdirectory("fashionserverless-azurite-").FullName;
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataFolder,
        };
        foreach (string argument in new[]
        {
            "-e", Bootstrap, script,
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // In memory (Azurite refuses --location with it), where the temp working folder catches anything it still
        // writes; or on disk in the folder that outlives a restart.
        foreach (string argument in persistentFolder is null ? ["--inMemoryPersistence"] : new[] { "--location", persistentFolder })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process = new() { StartInfo = startInfo };
        var azurite = new AzuriteProcess(process, dataFolder, ports[0], ports[1], ports[2], keepData: persistentFolder is not null);
        process.OutputDataReceived += (_, e) => azurite.Record(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Record(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Directory.Delete(dataFolder, recursive: true);
            process.Dispose();
            throw new InvalidOperationException("Cannot start Azurite: `node` (Node.js 20 or newer) is not on PATH.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return azurite;
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var elapsed = Stopwatch.StartNew();
        var waiting = new HashSet<int>(Ports);
        while (waiting.Count > 0)
        {
            if (process.HasExited)
            {
                throw new AzuriteExitedException($"Azurite exited with code {process.ExitCode} before answering. Its output:\n{Output()}");
            }

            if (elapsed.Elapsed > StartTimeout)
            {
                throw new TimeoutException(
                    $"Azurite did not answer on ports {string.Join(", ", Ports)} within {StartTimeout.TotalSeconds:0} s. Its output:\n{Output()}");
            }

            foreach (int port in waiting.ToArray())
            {
                try
                {
                    // Any HTTP answer, even an authorization error, means the service is listening.
                    using HttpResponseMessage response = await http
                        .GetAsync(new Uri($"http://127.0.0.1:{port}/{Account}"), cancellationToken)
                        .ConfigureAwait(false);
                    waiting.Remove(port);
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The request timed out: still starting.
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 16_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.Length == 0 ? "(none)" : output.ToString();
        }
    }

    private sealed class AzuriteExitedException(string message) : Exception(message);
}
