namespace FashionServerless.WorkerHost.Hosting;

/// <summary>How <see cref="FunctionsWorkerHost"/> starts and talks to a worker.</summary>
public sealed class WorkerHostOptions
{
    /// <summary>The worker's build or publish output: <c>worker.config.json</c>, <c>functions.metadata</c>, the app assembly.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>
    /// App settings, passed to the worker as environment variables as the Functions host passes them (its own
    /// environment plus the app's settings). A <see langword="null"/> value removes a variable the environment has.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>From process start to every function loaded. The Functions host allows the worker 60 s to connect.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one invocation may take before it is cancelled (host.json <c>functionTimeout</c> is 10 minutes).</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Receives each line the worker writes to stdout or stderr, as the host's console log does.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>Receives each log the worker sends over the stream.</summary>
    public Action<WorkerLog>? Log { get; init; }

    /// <summary>Clock for the start-up and invocation timings.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
