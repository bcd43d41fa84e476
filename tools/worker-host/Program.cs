using System.CommandLine;
using FashionServerless.WorkerHost.Cli;
using FashionServerless.WorkerHost.Hosting;

// fashion-worker-host: the local stand-in for the Functions host when Azure Functions Core Tools are not installed.
// It starts the real worker over the host protocol and delivers what a trigger would; `func start` is the supported host.
var app = new Option<string>("--app") { Description = "The functions build output (worker.config.json, functions.metadata).", Required = true };
var settingsFile = new Option<string?>("--settings") { Description = "A local.settings.json whose Values become the worker's app settings." };
var setting = new Option<string[]>("--setting") { Description = "An app setting name=value (repeatable; wins over --settings).", AllowMultipleArgumentsPerToken = false };
var verbose = new Option<bool>("--verbose") { Description = "Print the worker's own console output." };
var function = new Option<string?>("--function") { Description = "Only this function." };
var timerFunction = new Option<string>("--function") { Description = "The timer-triggered function to fire.", Required = true };

var deliverBlobs = new Command("deliver-blobs", "Deliver every blob in each blob-triggered function's container to it, one invocation per blob.") { function };
var runTimer = new Command("run-timer", "Fire a timer-triggered function once.") { timerFunction };
var root = new RootCommand(
    "fashion-worker-host: runs the built Functions worker over the Functions host protocol and delivers triggers to it. "
    + "A stand-in for local runs without Azure Functions Core Tools; `func start` is the supported host.")
{
    app, settingsFile, setting, verbose, deliverBlobs, runTimer,
};
foreach (Option option in new Option[] { app, settingsFile, setting, verbose })
{
    option.Recursive = true;
}

deliverBlobs.SetAction((parse, cancellationToken) => RunAsync(parse, (worker, settings) =>
    DeliverBlobsCommand.RunAsync(worker, settings, parse.GetValue(function), Console.Out, cancellationToken), cancellationToken));
runTimer.SetAction((parse, cancellationToken) => RunAsync(parse, async (worker, _) =>
{
    InvocationResult result = await worker.InvokeTimerAsync(parse.GetValue(timerFunction)!, cancellationToken: cancellationToken);
    await WorkerSession.PrintAsync(Console.Out, "timer", result);
    return result.Status == InvocationStatus.Success ? 0 : 1;
}, cancellationToken));

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync($"error: {parsed.Errors[0].Message} (see 'fashion-worker-host --help')");
    return 2;
}

return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

async Task<int> RunAsync(ParseResult parse, Func<FunctionsWorkerHost, Dictionary<string, string?>, Task<int>> body, CancellationToken cancellationToken)
{
    try
    {
        Dictionary<string, string?> settings = LocalSettings.Read(parse.GetValue(settingsFile), parse.GetValue(setting) ?? []);
        return await WorkerSession.RunAsync(parse.GetValue(app)!, settings, parse.GetValue(verbose), Console.Out, worker => body(worker, settings), cancellationToken);
    }
    catch (CliUsageException ex)
    {
        await Console.Error.WriteLineAsync($"error: {ex.Message}");
        return 2;
    }
    catch (Exception ex) when (ex is WorkerExitedException or TimeoutException or FileNotFoundException or InvalidOperationException or NotSupportedException
        or Azure.RequestFailedException)
    {
        await Console.Error.WriteLineAsync($"error: {ex.Message}");
        return 1;
    }
}
