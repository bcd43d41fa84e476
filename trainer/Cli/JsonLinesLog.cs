using System.Text.Json;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Trainer.Cli;

/// <summary>Appends one compact JSON object per event to a file: the machine-readable twin of the console output.</summary>
internal sealed class JsonLinesLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public JsonLinesLog(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _writer = new StreamWriter(path, append: true) { AutoFlush = true };
        Path = path;
    }

    public string Path { get; }

    /// <summary>Writes <c>{"time":..., "event": name, ...fields}</c>.</summary>
    public void Write(string eventName, object? fields = null)
    {
        var line = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["time"] = DateTimeOffset.UtcNow,
            ["event"] = eventName,
        };
        if (fields is not null)
        {
            foreach (KeyValuePair<string, JsonElement> field in JsonSerializer.SerializeToElement(fields, ManifestJson.CompactOptions).EnumerateObject()
                         .Select(p => KeyValuePair.Create(p.Name, p.Value)))
            {
                line[field.Key] = field.Value;
            }
        }

        string json = JsonSerializer.Serialize(line, ManifestJson.CompactOptions);
        lock (_gate)
        {
            _writer.WriteLine(json);
        }
    }

    public void Dispose() => _writer.Dispose();
}
