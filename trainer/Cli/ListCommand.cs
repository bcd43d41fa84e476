using System.CommandLine;
using System.Globalization;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>list</c>: the registry's versions, oldest first, with their test macro-F1 and the current marker.</summary>
internal static class ListCommand
{
    public static Command Create(CliSettings settings)
    {
        var command = new Command("list", "List published model versions: version, created, test macro-F1, promotion decision; '*' marks current.");
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            ModelRegistry registry = context.Registry;
            CurrentModel? current = await registry.GetCurrentAsync(cancellationToken);
            IReadOnlyList<ModelManifest> versions = await registry.ListAsync(cancellationToken);
            if (versions.Count == 0)
            {
                context.Result($"No model versions are published in container '{context.Layout.Models}'.");
                return ExitCodes.Success;
            }

            var table = new TextTable("", "version", "created (UTC)", "test macro-F1", "test micro-F1", "gate");
            foreach (ModelManifest manifest in versions)
            {
                table.Add(
                    manifest.Version == current?.Version ? "*" : "",
                    manifest.Version,
                    manifest.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Score(manifest.TestMetrics?.MacroF1),
                    Score(manifest.TestMetrics?.MicroF1),
                    manifest.Promotion switch
                    {
                        null => "-",
                        { Forced: true } => "forced",
                        { Promoted: true } => "promoted",
                        _ => "refused",
                    });
                context.Event("version", new { version = manifest.Version, current = manifest.Version == current?.Version, testMacroF1 = manifest.TestMetrics?.MacroF1 });
            }

            context.Result(table.ToString());
            context.Result(current is null ? "No version is current." : $"Current: {current.Version}");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Score(double? value) =>
        value is double v && !double.IsNaN(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
