using System.CommandLine;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>Options every command accepts (declared once on the root, recursive).</summary>
internal static class GlobalOptions
{
    public static Option<string?> Storage { get; } = new("--storage")
    {
        Description = $"Storage connection string or blob service URI (Entra ID via DefaultAzureCredential). "
            + $"Default: ${StorageSettings.TrainerEnvironmentVariable}, else Azurite ({StorageSettings.DevelopmentStorage}).",
        Recursive = true,
    };

    public static Option<string?> JsonLog { get; } = new("--json-log")
    {
        Description = "Also append machine-readable JSON lines (one event per line) to this file.",
        Recursive = true,
    };

    public static Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only results and errors, no progress.",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Storage);
        root.Options.Add(JsonLog);
        root.Options.Add(Quiet);
    }
}
