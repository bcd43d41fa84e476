using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;

namespace FashionServerless.WorkerHost.Hosting;

/// <summary>
/// Does what the host's queue extension does with a successful invocation's queue output bindings: takes each value the
/// worker returned (<c>returnValue</c> for <c>$return</c>, <c>outputData</c> by name), adds it to the named queue in the
/// binding's connection (creating the queue first, as the extension does), and skips a null value. The message
/// encoding comes from the app's host.json (<c>extensions.queues.messageEncoding</c>, base64 unless it says none).
/// Connection strings only: identity-based connections (<c>__queueServiceUri</c>) are the real host's business.
/// </summary>
internal sealed class QueueOutputWriter(IReadOnlyDictionary<string, string?> settings, QueueMessageEncoding encoding)
{
    private readonly Dictionary<(string Connection, string Queue), QueueClient> _queues = [];
    private readonly Lock _gate = new();

    /// <summary>Reads the message encoding from <paramref name="appDirectory"/>'s host.json.</summary>
    public static QueueOutputWriter For(string appDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        string hostJson = Path.Combine(appDirectory, "host.json");
        string? encoding = File.Exists(hostJson)
            ? (string?)JsonNode.Parse(File.ReadAllText(hostJson), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })?["extensions"]?["queues"]?["messageEncoding"]
            : null;
        return new QueueOutputWriter(settings, string.Equals(encoding, "none", StringComparison.OrdinalIgnoreCase) ? QueueMessageEncoding.None : QueueMessageEncoding.Base64);
    }

    /// <summary>Adds the invocation's queue outputs; returns what was added.</summary>
    /// <exception cref="RequestFailedException">The queue service refused a message (the host fails the invocation then).</exception>
    /// <exception cref="AggregateException">The queue service could not be reached, after the client's retries.</exception>
    /// <exception cref="NotSupportedException">A value is of a type this host does not write, or a connection is identity-based.</exception>
    public async Task<IReadOnlyList<QueueOutputMessage>> WriteAsync(WorkerFunction function, JsonObject response, CancellationToken cancellationToken)
    {
        var written = new List<QueueOutputMessage>();
        foreach (JsonObject binding in function.Bindings.Where(IsQueueOutput))
        {
            string name = (string)binding["name"]!;
            JsonNode? data = name == "$return"
                ? response["returnValue"]
                : response["outputData"]?.AsArray().FirstOrDefault(o => (string?)o?["name"] == name)?["data"];
            if (TextOf(function, name, data) is not string text)
            {
                continue;
            }

            string connection = (string?)binding["connection"] ?? "AzureWebJobsStorage";
            string queueName = (string)binding["queueName"]!;
            QueueClient queue = await QueueAsync(connection, queueName, cancellationToken);
            await queue.SendMessageAsync(text, cancellationToken);
            written.Add(new QueueOutputMessage(name, connection, queueName, text));
        }

        return written;
    }

    private static bool IsQueueOutput(JsonObject binding) =>
        string.Equals((string?)binding["type"], "queue", StringComparison.OrdinalIgnoreCase)
        && string.Equals((string?)binding["direction"], "out", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message text of a TypedData value; null for no value (the worker leaves a null return out).</summary>
    private static string? TextOf(WorkerFunction function, string binding, JsonNode? data) => data switch
    {
        null => null,
        JsonObject typed when typed["string"] is JsonNode text => (string)text!,
        JsonObject typed when typed["json"] is JsonNode json => (string)json!,
        JsonObject typed when typed["bytes"] is JsonNode bytes => Encoding.UTF8.GetString(Convert.FromBase64String((string)bytes!)),
        JsonObject { Count: 0 } => null,
        _ => throw new NotSupportedException($"{function.Name}: the output binding '{binding}' returned {data.ToJsonString()}; this host writes strings, JSON and bytes."),
    };

    private async Task<QueueClient> QueueAsync(string connection, string queueName, CancellationToken cancellationToken)
    {
        QueueClient? queue;
        lock (_gate)
        {
            _queues.TryGetValue((connection, queueName), out queue);
        }

        if (queue is not null)
        {
            return queue;
        }

        string? value = settings.GetValueOrDefault(connection) ?? Environment.GetEnvironmentVariable(connection);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new NotSupportedException(
                $"The queue output's connection '{connection}' is not a connection string setting; this host writes queue outputs only with one (give --setting {connection}=<connection string>).");
        }

        queue = new QueueClient(value, queueName, new QueueClientOptions { MessageEncoding = encoding });
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        lock (_gate)
        {
            _queues[(connection, queueName)] = queue;
        }

        return queue;
    }
}
