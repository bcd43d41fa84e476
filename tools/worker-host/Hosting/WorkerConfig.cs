using System.Text.Json.Nodes;

namespace FashionServerless.WorkerHost.Hosting;

/// <summary>
/// <c>worker.config.json</c> from the build output: how the host starts the worker (executable, worker assembly) and
/// whether the worker indexes its own functions.
/// </summary>
internal sealed record WorkerConfig(string Executable, string WorkerPath, bool WorkerIndexing)
{
    public const string FileName = "worker.config.json";

    public static WorkerConfig Read(string appDirectory)
    {
        string path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {FileName} in '{appDirectory}': it is not the output of a Functions worker build.", path);
        }

        JsonObject description = JsonNode.Parse(File.ReadAllText(path))?["description"]?.AsObject()
            ?? throw new InvalidOperationException($"{path} has no 'description' object.");
        string executable = Expand((string?)description["defaultExecutablePath"], appDirectory)
            ?? throw new InvalidOperationException($"{path} names no defaultExecutablePath.");
        string workerPath = Expand((string?)description["defaultWorkerPath"], appDirectory)
            ?? throw new InvalidOperationException($"{path} names no defaultWorkerPath.");
        bool indexing = string.Equals((string?)description["workerIndexing"], "true", StringComparison.OrdinalIgnoreCase);
        return new WorkerConfig(executable, Path.GetFullPath(workerPath, appDirectory), indexing);
    }

    // The host replaces {WorkerRoot} with the worker's folder (self-contained apps name their executable that way).
    private static string? Expand(string? value, string appDirectory) =>
        value?.Replace("{WorkerRoot}", appDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
