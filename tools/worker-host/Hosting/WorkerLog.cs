namespace FashionServerless.WorkerHost.Hosting;

/// <summary>One <c>RpcLog</c> the worker sent: a log line from a function (<c>User</c>) or from the worker itself (<c>System</c>).</summary>
/// <param name="InvocationId">The invocation it belongs to; empty outside invocations.</param>
/// <param name="Category">The logger category, e.g. <c>FashionServerless.Shared.Predictions.UploadClassifier</c>.</param>
/// <param name="Level">Trace, Debug, Information, Warning, Error, Critical.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Source">User or System.</param>
/// <param name="Exception">The exception's message, if the log carried one.</param>
public sealed record WorkerLog(string InvocationId, string Category, string Level, string Message, string Source, string? Exception)
{
    public override string ToString() => $"[{Level}] {Category}: {Message}{(Exception is null ? "" : $" ({Exception})")}";
}
