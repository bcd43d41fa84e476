using System.Text.Json.Nodes;

namespace FashionServerless.WorkerHost.Hosting;

/// <summary>A function as the worker described it in its <c>FunctionMetadataResponse</c>, and whether it loaded.</summary>
/// <param name="Name">The function name, e.g. <c>ClassifyUpload</c>.</param>
/// <param name="FunctionId">The id the worker assigned; invocations name it.</param>
/// <param name="EntryPoint">Type and method, e.g. <c>FashionServerless.Functions.ClassifyUpload.RunAsync</c>.</param>
/// <param name="ScriptFile">The assembly the entry point lives in.</param>
/// <param name="Bindings">The raw bindings, as in <c>functions.metadata</c>.</param>
/// <param name="LoadError">Why <c>FunctionLoadRequest</c> failed; <see langword="null"/> when it loaded.</param>
public sealed record WorkerFunction(string Name, string FunctionId, string EntryPoint, string ScriptFile, IReadOnlyList<JsonObject> Bindings, WorkerError? LoadError)
{
    /// <summary>The trigger binding (the one whose type ends in <c>Trigger</c>).</summary>
    public JsonObject Trigger => Bindings.Single(b => ((string?)b["type"] ?? "").EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));

    /// <summary>The trigger's type, e.g. <c>blobTrigger</c> or <c>timerTrigger</c>.</summary>
    public string TriggerType => (string)Trigger["type"]!;
}
