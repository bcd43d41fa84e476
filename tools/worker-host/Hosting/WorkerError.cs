namespace FashionServerless.WorkerHost.Hosting;

/// <summary>An exception the worker reported (<c>RpcException</c>): what failed an invocation or a function load.</summary>
/// <param name="Type">The exception's type name, when the worker sends it.</param>
/// <param name="Message">Its message.</param>
/// <param name="StackTrace">Its stack trace.</param>
public sealed record WorkerError(string? Type, string Message, string? StackTrace)
{
    public override string ToString() => Type is null ? Message : $"{Type}: {Message}";
}
