namespace FashionServerless.Trainer.Cli;

/// <summary>A failure a command detects itself, with the exit code and the one line to print.</summary>
internal sealed class CliFailure : Exception
{
    public CliFailure()
    {
    }

    public CliFailure(string message)
        : base(message)
    {
    }

    public CliFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliFailure(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = ExitCodes.Generic;
}
