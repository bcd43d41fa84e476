using System.Text.Json.Nodes;

namespace FashionServerless.WorkerHost.Cli;

/// <summary>
/// The app settings the worker gets: the <c>Values</c> of a <c>local.settings.json</c> (as <c>func start</c> reads
/// them), then <c>--setting name=value</c> pairs on top.
/// </summary>
internal static class LocalSettings
{
    public static Dictionary<string, string?> Read(string? settingsFile, IEnumerable<string> overrides)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (settingsFile is not null)
        {
            if (!File.Exists(settingsFile))
            {
                throw new CliUsageException($"--settings: no file '{settingsFile}'.");
            }

            JsonObject values = JsonNode.Parse(File.ReadAllText(settingsFile))?["Values"]?.AsObject()
                ?? throw new CliUsageException($"--settings: '{settingsFile}' has no \"Values\" object.");
            foreach ((string name, JsonNode? value) in values)
            {
                settings[name] = value?.ToString();
            }
        }

        foreach (string pair in overrides)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--setting '{pair}': expected name=value.");
            }

            settings[pair[..equals]] = pair[(equals + 1)..];
        }

        return settings;
    }
}
