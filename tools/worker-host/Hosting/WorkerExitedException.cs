namespace FashionServerless.WorkerHost.Hosting;

/// <summary>The worker process ended (or closed its stream) while the host still expected an answer.</summary>
public sealed class WorkerExitedException : Exception
{
    public WorkerExitedException()
    {
    }

    public WorkerExitedException(string message)
        : base(message)
    {
    }

    public WorkerExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkerExitedException(string message, int? exitCode, string output)
        : base(message)
    {
        ExitCode = exitCode;
        Output = output;
    }

    /// <summary>The process exit code, when it has exited.</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the worker wrote to stdout and stderr.</summary>
    public string Output { get; } = string.Empty;
}
