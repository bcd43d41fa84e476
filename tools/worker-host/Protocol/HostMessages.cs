using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FashionServerless.WorkerHost.Protocol;

/// <summary>
/// The messages the Functions host sends a worker, in protobuf JSON, filled as the host fills them (field names from
/// the worker's descriptor; values as the host's worker channel and blob and timer extensions produce them).
/// </summary>
internal static class HostMessages
{
    /// <summary>Reported as the host version; the worker does not act on it.</summary>
    public const string HostVersion = "4.0.0-fashionserverless-worker-host";

    /// <summary>The source name the blob extension gives the model binding data of a blob (read by the worker's blob converters).</summary>
    public const string BlobBindingSource = "AzureStorageBlobs";

    public static JsonObject WorkerInit(string appDirectory) => Envelope("workerInitRequest", new JsonObject
    {
        ["hostVersion"] = HostVersion,
        ["workerDirectory"] = appDirectory,
        ["functionAppDirectory"] = appDirectory,
        // The host advertises that it accepts several streams from one worker; the .NET worker opens one.
        ["capabilities"] = new JsonObject { ["MultiStream"] = "10" },
    });

    public static JsonObject FunctionsMetadata(string appDirectory) => Envelope("functionsMetadataRequest", new JsonObject
    {
        ["functionAppDirectory"] = appDirectory,
    });

    /// <summary>
    /// A load request built from the worker's own metadata, as the host builds it: name, directory, script file and
    /// entry point, one binding info (type, direction, data type) per raw binding, and the function's properties.
    /// </summary>
    public static JsonObject FunctionLoad(JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string functionId = (string)metadata["functionId"]!;
        var bindings = new JsonObject();
        foreach (JsonNode? raw in metadata["rawBindings"]?.AsArray() ?? [])
        {
            JsonObject binding = JsonNode.Parse((string)raw!)!.AsObject();
            var info = new JsonObject
            {
                ["type"] = (string?)binding["type"],
                ["direction"] = ((string?)binding["direction"] ?? "in").ToLowerInvariant(),
            };
            if (binding["dataType"] is JsonNode dataType)
            {
                info["dataType"] = ((string)dataType!).ToLowerInvariant();
            }

            bindings[(string)binding["name"]!] = info;
        }

        return Envelope("functionLoadRequest", new JsonObject
        {
            ["functionId"] = functionId,
            ["metadata"] = new JsonObject
            {
                ["name"] = (string?)metadata["name"],
                ["directory"] = (string?)metadata["directory"] ?? string.Empty,
                ["scriptFile"] = (string?)metadata["scriptFile"] ?? string.Empty,
                ["entryPoint"] = (string?)metadata["entryPoint"] ?? string.Empty,
                ["isProxy"] = false,
                ["bindings"] = bindings,
                ["properties"] = metadata["properties"]?.DeepClone() ?? new JsonObject(),
            },
        });
    }

    /// <summary>
    /// A blob trigger invocation with deferred binding, as the blob extension delivers one to a worker whose binding
    /// supports it: the input is model binding data naming the connection, container and blob (the worker builds
    /// its own client), and the trigger metadata carries the blob's path, URI and the path pattern's parameter.
    /// </summary>
    public static JsonObject BlobTriggerInvocation(
        string invocationId, string functionId, string functionName, string parameterName, string connection,
        string containerName, string blobName, Uri blobUri, string? pathParameter, DateTimeOffset now)
    {
        string content = new JsonObject
        {
            ["Connection"] = connection,
            ["ContainerName"] = containerName,
            ["BlobName"] = blobName,
        }.ToJsonString();
        var metadata = new JsonObject
        {
            ["BlobTrigger"] = String($"{containerName}/{blobName}"),
            ["Uri"] = Json(JsonValue.Create(blobUri.AbsoluteUri)),
            ["sys"] = Sys(functionName, now),
        };
        if (pathParameter is not null)
        {
            metadata[pathParameter] = String(blobName);
        }

        var modelBindingData = new JsonObject
        {
            ["version"] = "1.0",
            ["source"] = BlobBindingSource,
            ["contentType"] = "application/json",
            ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)),
        };
        return Invocation(invocationId, functionId, parameterName, new JsonObject { ["modelBindingData"] = modelBindingData }, metadata);
    }

    /// <summary>
    /// A timer invocation: the input is the timer's <c>TimerInfo</c> as JSON. Without a schedule monitor (the host
    /// keeps none for a timer fired on demand) the schedule status is null.
    /// </summary>
    public static JsonObject TimerInvocation(string invocationId, string functionId, string functionName, string parameterName, bool isPastDue, DateTimeOffset now)
    {
        string timerInfo = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = null,
            ["IsPastDue"] = isPastDue,
        }.ToJsonString();
        return Invocation(invocationId, functionId, parameterName, new JsonObject { ["json"] = timerInfo }, new JsonObject { ["sys"] = Sys(functionName, now) });
    }

    public static JsonObject InvocationCancel(string invocationId) => Envelope("invocationCancel", new JsonObject
    {
        ["invocationId"] = invocationId,
    });

    public static JsonObject WorkerTerminate(TimeSpan gracePeriod) => Envelope("workerTerminate", new JsonObject
    {
        ["gracePeriod"] = gracePeriod.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s",
    });

    private static JsonObject Invocation(string invocationId, string functionId, string parameterName, JsonObject data, JsonObject triggerMetadata) =>
        Envelope("invocationRequest", new JsonObject
        {
            ["invocationId"] = invocationId,
            ["functionId"] = functionId,
            ["inputData"] = new JsonArray(new JsonObject { ["name"] = parameterName, ["data"] = data }),
            ["triggerMetadata"] = triggerMetadata,
            ["traceContext"] = new JsonObject
            {
                ["traceParent"] = $"00-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01",
                ["traceState"] = string.Empty,
                ["attributes"] = new JsonObject(),
            },
        });

    private static JsonObject Sys(string functionName, DateTimeOffset now) => Json(new JsonObject
    {
        ["MethodName"] = functionName,
        ["UtcNow"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    });

    private static JsonObject String(string value) => new() { ["string"] = value };

    private static JsonObject Json(JsonNode? value) => new() { ["json"] = value?.ToJsonString() ?? "null" };

    private static JsonObject Envelope(string content, JsonObject body) => new() { [content] = body };
}
