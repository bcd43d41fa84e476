using System.Globalization;
using FashionServerless.WorkerHost.Hosting;

namespace FashionServerless.WorkerHost.Cli;

/// <summary>Starts the worker for one command, reports its start-up, and stops it with <c>WorkerTerminate</c> at the end.</summary>
internal static class WorkerSession
{
    private static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(
        string appDirectory, Dictionary<string, string?> settings, bool verbose, TextWriter output,
        Func<FunctionsWorkerHost, Task<int>> body, CancellationToken cancellationToken)
    {
        var options = new WorkerHostOptions
        {
            AppDirectory = appDirectory,
            Settings = settings,
            Output = verbose ? line => output.WriteLine($"  worker| {line}") : null,
        };
        await using FunctionsWorkerHost worker = await FunctionsWorkerHost.StartAsync(options, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Worker started (pid {worker.ProcessId}): connected after {worker.Timings.Connected.TotalSeconds:0.00} s, functions loaded after {worker.Timings.Loaded.TotalSeconds:0.00} s; "
            + $"{string.Join(", ", worker.Functions.Select(f => $"{f.Name} ({f.TriggerType})"))}."));
        foreach (WorkerFunction failed in worker.Functions.Where(f => f.LoadError is not null))
        {
            await output.WriteLineAsync($"Function {failed.Name} failed to load: {failed.LoadError}");
        }

        int exitCode = await body(worker);
        int workerExit = await worker.TerminateAsync(TerminateGrace, cancellationToken);
        await output.WriteLineAsync($"Worker stopped with WorkerTerminate: exit code {workerExit}.");
        return workerExit == 0 ? exitCode : 1;
    }

    public static async Task PrintAsync(TextWriter output, string what, InvocationResult result)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.FunctionName} {what}: {result.Status} in {result.Elapsed.TotalMilliseconds:0} ms{(result.Error is null ? "" : $": {result.Error.Message}")}"));
        foreach (WorkerLog log in result.Logs.Where(l => l.Source == "User" && l.Level is not ("Trace" or "Debug")))
        {
            await output.WriteLineAsync($"    {log.Level}: {log.Message}");
        }

        foreach (QueueOutputMessage message in result.QueueMessages)
        {
            await output.WriteLineAsync($"    Queue {message.QueueName} <- {message.Text}");
        }
    }
}
