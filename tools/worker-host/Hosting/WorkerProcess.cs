using System.Diagnostics;
using System.Globalization;

namespace FashionServerless.WorkerHost.Hosting;

/// <summary>
/// The worker as a child process, started the way the Functions host starts it: worker.config.json's executable and
/// assembly, the host's connection arguments (in both the legacy and the <c>--functions-</c> spelling the host
/// passes), the app folder as working directory, and the app settings in the environment.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int OutputLinesKept = 200;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Action<string>? _onOutput;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, Action<string>? onOutput)
    {
        _process = process;
        _onOutput = onOutput;
    }

    /// <summary>Completes with the exit code when the process has exited and its output is read.</summary>
    public Task<int> Exited => _exited.Task;

    public int Id => _process.Id;

    /// <summary>The last lines the worker wrote, stdout and stderr interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    public static WorkerProcess Start(
        WorkerConfig config, string appDirectory, Uri hostAddress, string workerId, string requestId,
        IReadOnlyDictionary<string, string?> environment, Action<string>? onOutput)
    {
        var start = new ProcessStartInfo(config.Executable)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        string maxMessageLength = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        foreach (string argument in new[]
        {
            config.WorkerPath,
            "--host", hostAddress.Host, "--port", hostAddress.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessageLength,
            "--functions-uri", hostAddress.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxMessageLength,
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, onOutput);
        process.OutputDataReceived += (_, e) => worker.Record(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Record(e.Data);
        process.Exited += (_, _) => worker.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnExited()
    {
        // The parameterless wait also waits for the redirected output to be read to its end.
        _process.WaitForExit();
        _exited.TrySetResult(_process.ExitCode);
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }

        _onOutput?.Invoke(line);
    }
}
