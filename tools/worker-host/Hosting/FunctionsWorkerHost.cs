using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using FashionServerless.WorkerHost.Grpc;
using FashionServerless.WorkerHost.Protocol;

namespace FashionServerless.WorkerHost.Hosting;

/// <summary>
/// Plays the Functions host for one real worker process: starts it with the host's arguments and the app settings,
/// accepts its <c>EventStream</c>, and drives the start-up the host drives (<c>StartStream</c> →
/// <c>WorkerInitRequest</c> → <c>FunctionsMetadataRequest</c> → one <c>FunctionLoadRequest</c> per function). Then it
/// sends <c>InvocationRequest</c>s as the blob and timer extensions would and returns the worker's
/// <c>InvocationResponse</c>s, and stops the worker with <c>WorkerTerminate</c>. Not a Functions host: no triggers of
/// its own, no retries, no scale; the caller decides what to deliver.
/// </summary>
public sealed class FunctionsWorkerHost : IAsyncDisposable
{
    private readonly WorkerHostOptions _options;
    private readonly string _appDirectory;
    private readonly EventStreamServer _server;
    private readonly QueueOutputWriter _queueOutputs;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WorkerLog> _logs = new();
    private readonly ConcurrentQueue<JsonObject> _unexpected = new();
    private WorkerProcess? _process;
    private WorkerConnection? _connection;
    private Task? _reader;
    private IReadOnlyList<WorkerFunction> _functions = [];
    private WorkerStartupTimings? _timings;

    private FunctionsWorkerHost(WorkerHostOptions options, string appDirectory, EventStreamServer server)
    {
        _options = options;
        _appDirectory = appDirectory;
        _server = server;
        _queueOutputs = QueueOutputWriter.For(appDirectory, options.Settings);
    }

    /// <summary>The functions the worker reported, in its order, each with its load result.</summary>
    public IReadOnlyList<WorkerFunction> Functions => _functions;

    /// <summary>How long start-up took.</summary>
    public WorkerStartupTimings Timings => _timings ?? throw new InvalidOperationException("The worker has not started.");

    /// <summary>Every log the worker sent so far, in order.</summary>
    public IReadOnlyList<WorkerLog> Logs => [.. _logs];

    /// <summary>Messages the worker sent that no request was waiting for.</summary>
    public IReadOnlyList<JsonObject> UnexpectedMessages => [.. _unexpected];

    /// <summary>The worker's process id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The worker has not started.");

    /// <summary>Completes with the worker's exit code when its process has exited.</summary>
    public Task<int> Exited => _process?.Exited ?? throw new InvalidOperationException("The worker has not started.");

    /// <summary>Starts the worker and waits until every function has loaded.</summary>
    /// <exception cref="WorkerExitedException">The worker exited before it was ready (e.g. a setting it needs is missing).</exception>
    /// <exception cref="TimeoutException">Not ready within <see cref="WorkerHostOptions.StartTimeout"/>.</exception>
    public static async Task<FunctionsWorkerHost> StartAsync(WorkerHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string appDirectory = Path.GetFullPath(options.AppDirectory);
        WorkerProtocol protocol = WorkerProtocol.Load(appDirectory);
        WorkerConfig config = WorkerConfig.Read(appDirectory);
        if (!config.WorkerIndexing)
        {
            throw new NotSupportedException($"{WorkerConfig.FileName} in '{appDirectory}' does not enable worker indexing; this host only asks the worker for its functions.");
        }

        string workerId = Guid.NewGuid().ToString();
        EventStreamServer server = await EventStreamServer.StartAsync(protocol, workerId, cancellationToken);
        var host = new FunctionsWorkerHost(options, appDirectory, server);
        try
        {
            await host.StartWorkerAsync(config, workerId, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Delivers one blob to a blob-triggered function, as the blob extension does with deferred binding.</summary>
    /// <param name="functionName">The function, e.g. <c>ClassifyUpload</c>.</param>
    /// <param name="blob">The blob; its container, name and URI go into the request (not its credentials).</param>
    public Task<InvocationResult> InvokeBlobTriggerAsync(string functionName, BlobClient blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        WorkerFunction function = Find(functionName, "blobTrigger");
        JsonObject trigger = function.Trigger;
        string connection = (string?)trigger["connection"] ?? "AzureWebJobsStorage";
        string invocationId = Guid.NewGuid().ToString();
        JsonObject request = HostMessages.BlobTriggerInvocation(
            invocationId, function.FunctionId, function.Name, (string)trigger["name"]!, connection,
            blob.BlobContainerName, blob.Name, blob.Uri, PathParameter(function, (string?)trigger["path"]), _options.TimeProvider.GetUtcNow());
        return InvokeAsync(function, invocationId, request, cancellationToken);
    }

    /// <summary>Fires a timer-triggered function once, as the timer extension (or the host's admin endpoint) does.</summary>
    public Task<InvocationResult> InvokeTimerAsync(string functionName, bool isPastDue = false, CancellationToken cancellationToken = default)
    {
        WorkerFunction function = Find(functionName, "timerTrigger");
        string invocationId = Guid.NewGuid().ToString();
        JsonObject request = HostMessages.TimerInvocation(
            invocationId, function.FunctionId, function.Name, (string)function.Trigger["name"]!, isPastDue, _options.TimeProvider.GetUtcNow());
        return InvokeAsync(function, invocationId, request, cancellationToken);
    }

    /// <summary>Sends <c>WorkerTerminate</c> and waits for the process to exit; returns its exit code.</summary>
    /// <exception cref="TimeoutException">The worker did not exit within the grace period (it is then killed).</exception>
    public async Task<int> TerminateAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        WorkerProcess process = _process ?? throw new InvalidOperationException("The worker has not started.");
        WorkerConnection connection = _connection!;
        await connection.SendAsync(HostMessages.WorkerTerminate(gracePeriod), cancellationToken);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(gracePeriod);
        try
        {
            return await process.Exited.WaitAsync(grace.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            throw new TimeoutException($"The worker did not exit within {gracePeriod.TotalSeconds:0.#} s of WorkerTerminate; it was killed.");
        }
        finally
        {
            connection.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process?.Kill();
        _connection?.Close();
        _server.Calls.Abandon(new ObjectDisposedException(nameof(FunctionsWorkerHost)));
        await _server.DisposeAsync();
        if (_reader is not null)
        {
            await _reader;
        }

        _process?.Dispose();
    }

    private async Task StartWorkerAsync(WorkerConfig config, string workerId, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartTimeout);
        TimeProvider time = _options.TimeProvider;
        long started = time.GetTimestamp();
        _process = WorkerProcess.Start(config, _appDirectory, _server.Address, workerId, Guid.NewGuid().ToString(), Environment(), _options.Output);

        Task<WorkerConnection> connected = _server.Calls.Connected;
        Task first = await Task.WhenAny(connected, _process.Exited, Task.Delay(Timeout.InfiniteTimeSpan, deadline.Token));
        if (first != connected)
        {
            _server.Calls.Abandon(new OperationCanceledException("The worker did not connect."));
            throw first == _process.Exited
                ? new WorkerExitedException(
                    $"The worker exited with code {await _process.Exited} before it connected to the host. Its output:\n{_process.Output}",
                    await _process.Exited, _process.Output)
                : NotInTime($"connect within {_options.StartTimeout.TotalSeconds:0} s", cancellationToken);
        }

        _connection = await connected;
        TimeSpan connectedAfter = time.GetElapsedTime(started);
        _reader = ReadAsync(_connection);

        JsonObject init = await RequestAsync(HostMessages.WorkerInit(_appDirectory), "workerInitResponse", deadline.Token, cancellationToken);
        ThrowIfFailed(init["result"], "WorkerInitRequest");
        TimeSpan initializedAfter = time.GetElapsedTime(started);

        JsonObject metadata = await RequestAsync(HostMessages.FunctionsMetadata(_appDirectory), "functionMetadataResponse", deadline.Token, cancellationToken);
        ThrowIfFailed(metadata["result"], "FunctionsMetadataRequest");
        if ((bool?)metadata["useDefaultMetadataIndexing"] == true)
        {
            throw new NotSupportedException("The worker asked the host to index its functions; this host only supports worker indexing.");
        }

        var functions = new List<WorkerFunction>();
        foreach (JsonObject function in (metadata["functionMetadataResults"]?.AsArray() ?? []).Select(f => f!.AsObject()))
        {
            string functionId = (string)function["functionId"]!;
            JsonObject loaded = await RequestAsync(HostMessages.FunctionLoad(function), $"functionLoadResponse:{functionId}", deadline.Token, cancellationToken);
            functions.Add(new WorkerFunction(
                (string)function["name"]!, functionId, (string?)function["entryPoint"] ?? "", (string?)function["scriptFile"] ?? "",
                [.. (function["rawBindings"]?.AsArray() ?? []).Select(b => JsonNode.Parse((string)b!)!.AsObject())],
                Failure(loaded["result"])));
        }

        _functions = functions;
        _timings = new WorkerStartupTimings(connectedAfter, initializedAfter, time.GetElapsedTime(started));
    }

    private async Task<InvocationResult> InvokeAsync(WorkerFunction function, string invocationId, JsonObject request, CancellationToken cancellationToken)
    {
        if (function.LoadError is not null)
        {
            throw new InvalidOperationException($"Function '{function.Name}' failed to load, so the host would not invoke it: {function.LoadError}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.InvocationTimeout);
        long started = _options.TimeProvider.GetTimestamp();
        JsonObject response;
        try
        {
            response = await RequestAsync(request, $"invocationResponse:{invocationId}", deadline.Token, cancellationToken);
        }
        catch (TimeoutException)
        {
            // As the host does at its function timeout; best effort, the timeout is the answer either way.
            try
            {
                await _connection!.SendAsync(HostMessages.InvocationCancel(invocationId), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException or IOException)
            {
                // The stream is gone or stuck; nothing more to tell the worker.
            }

            throw;
        }

        TimeSpan elapsed = _options.TimeProvider.GetElapsedTime(started);
        JsonNode? result = response["result"];
        InvocationStatus status = Enum.Parse<InvocationStatus>((string?)result?["status"] ?? nameof(InvocationStatus.Failure));
        WorkerError? error = Failure(result, status);
        IReadOnlyList<QueueOutputMessage> messages = [];
        if (status == InvocationStatus.Success)
        {
            try
            {
                messages = await _queueOutputs.WriteAsync(function, response, cancellationToken);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or NotSupportedException
                || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(e => e is Azure.RequestFailedException)))
            {
                // As the host does: an output that cannot be written fails the invocation, so the trigger retries it. The
                // storage client reports a service it could not reach at all, after its retries, as an AggregateException.
                status = InvocationStatus.Failure;
                error = new WorkerError(ex.GetType().FullName, $"The queue output could not be written: {ex.Message}", null);
            }
        }

        WorkerLog[] logs = [.. _logs.Where(l => l.InvocationId == invocationId)];
        return new InvocationResult(invocationId, function.Name, status, error, logs, elapsed, messages);
    }

    private WorkerFunction Find(string functionName, string triggerType)
    {
        WorkerFunction function = _functions.SingleOrDefault(f => f.Name == functionName)
            ?? throw new ArgumentException($"The worker has no function '{functionName}'; it has {string.Join(", ", _functions.Select(f => f.Name))}.", nameof(functionName));
        return string.Equals(function.TriggerType, triggerType, StringComparison.OrdinalIgnoreCase)
            ? function
            : throw new ArgumentException($"Function '{functionName}' has a {function.TriggerType}, not a {triggerType}.", nameof(functionName));
    }

    /// <summary>Sends <paramref name="message"/> and waits for the worker's answer filed under <paramref name="key"/>.</summary>
    private async Task<JsonObject> RequestAsync(JsonObject message, string key, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            await _connection!.SendAsync(message, deadline);
            return await answer.Task.WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw NotInTime($"answer {WorkerProtocol.ContentOf(message)} in time", cancellationToken);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private async Task ReadAsync(WorkerConnection connection)
    {
        Exception? ended = null;
        try
        {
            await foreach (JsonObject message in connection.Received.ReadAllAsync())
            {
                Dispatch(message);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or global::Grpc.Core.RpcException)
        {
            ended = ex;
        }

        int? exitCode = _process!.Exited.IsCompleted ? await _process.Exited : null;
        var closed = ended is null
            ? new WorkerExitedException($"The worker closed its stream. Its output:\n{_process.Output}", exitCode, _process.Output)
            : new WorkerExitedException($"The worker's stream broke ({ended.Message}). Its output:\n{_process.Output}", ended);
        foreach (TaskCompletionSource<JsonObject> pending in _pending.Values)
        {
            pending.TrySetException(closed);
        }
    }

    private void Dispatch(JsonObject message)
    {
        string content = WorkerProtocol.ContentOf(message);
        JsonObject body = message[content]?.AsObject() ?? [];
        string key = content switch
        {
            "rpcLog" => string.Empty,
            "invocationResponse" => $"{content}:{(string?)body["invocationId"]}",
            "functionLoadResponse" => $"{content}:{(string?)body["functionId"]}",
            _ => content,
        };
        if (content == "rpcLog")
        {
            var log = new WorkerLog(
                (string?)body["invocationId"] ?? "", (string?)body["category"] ?? "", (string?)body["level"] ?? "Trace",
                (string?)body["message"] ?? "", (string?)body["logCategory"] ?? "User", (string?)body["exception"]?["message"]);
            _logs.Enqueue(log);
            _options.Log?.Invoke(log);
        }
        else if (_pending.TryGetValue(key, out TaskCompletionSource<JsonObject>? waiting))
        {
            waiting.TrySetResult(body);
        }
        else
        {
            _unexpected.Enqueue(message);
        }
    }

    private Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["FUNCTIONS_WORKER_DIRECTORY"] = _appDirectory,
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = _appDirectory,
            ["AzureWebJobsScriptRoot"] = _appDirectory,
        };
        foreach ((string name, string? value) in _options.Settings)
        {
            environment[name] = value;
        }

        return environment;
    }

    private TimeoutException NotInTime(string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new TimeoutException($"The worker did not {what}. Its output:\n{_process?.Output}");
    }

    // A status result's status is an enum whose zero is Failure, so protobuf JSON leaves it out exactly when it failed.
    private static WorkerError? Failure(JsonNode? result, InvocationStatus? status = null)
    {
        status ??= Enum.Parse<InvocationStatus>((string?)result?["status"] ?? nameof(InvocationStatus.Failure));
        if (status == InvocationStatus.Success)
        {
            return null;
        }

        JsonNode? exception = result?["exception"];
        return new WorkerError((string?)exception?["type"], (string?)exception?["message"] ?? (string?)result?["result"] ?? "(no message)", (string?)exception?["stackTrace"]);
    }

    private static void ThrowIfFailed(JsonNode? result, string request)
    {
        if (Failure(result) is WorkerError error)
        {
            throw new InvalidOperationException($"The worker failed {request}: {error}");
        }
    }

    /// <summary>The name of the path pattern's one parameter (<c>uploads/{name}</c> gives <c>name</c>), or null without one.</summary>
    private static string? PathParameter(WorkerFunction function, string? path)
    {
        int slash = path?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        string pattern = slash < 0 ? string.Empty : path![(slash + 1)..];
        if (pattern.Length == 0)
        {
            return null;
        }

        if (pattern[0] == '{' && pattern[^1] == '}' && pattern.IndexOf('{', 1) < 0)
        {
            return pattern[1..^1];
        }

        throw new NotSupportedException($"Function '{function.Name}' has the blob path '{path}'; this host only binds '<container>/{{parameter}}'.");
    }
}
