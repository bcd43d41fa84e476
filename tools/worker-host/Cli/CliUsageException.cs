namespace FashionServerless.WorkerHost.Cli;

/// <summary>The command line or its files are wrong; reported as one line and exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
