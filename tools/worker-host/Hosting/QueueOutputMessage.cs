namespace FashionServerless.WorkerHost.Hosting;

/// <summary>A message an invocation's queue output binding produced, as this host added it to the queue.</summary>
/// <param name="Binding">The output binding's name (<c>$return</c> for a return value).</param>
/// <param name="Connection">The binding's connection setting.</param>
/// <param name="QueueName">The queue it was added to.</param>
/// <param name="Text">The message text, before the queue's message encoding.</param>
public sealed record QueueOutputMessage(string Binding, string Connection, string QueueName, string Text);
