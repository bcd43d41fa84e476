namespace FashionServerless.WorkerHost.Hosting;

/// <summary>The worker's <c>InvocationResponse</c> to one <c>InvocationRequest</c>.</summary>
/// <param name="InvocationId">The id the request carried.</param>
/// <param name="FunctionName">The function invoked.</param>
/// <param name="Status">Success, Failure or Cancelled.</param>
/// <param name="Error">What failed it, for a Failure.</param>
/// <param name="Logs">The logs the worker sent for this invocation, in order.</param>
/// <param name="Elapsed">From sending the request to receiving the response.</param>
/// <param name="QueueMessages">What the function's queue output bindings produced and this host added to their queues (on success).</param>
public sealed record InvocationResult(
    string InvocationId, string FunctionName, InvocationStatus Status, WorkerError? Error, IReadOnlyList<WorkerLog> Logs, TimeSpan Elapsed,
    IReadOnlyList<QueueOutputMessage> QueueMessages);
