using System.CommandLine;
using FashionServerless.Trainer.Synthetic;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>synth</c>: writes a small synthetic <c>&lt;colour&gt;_&lt;garment&gt;</c> data set.</summary>
internal static class SynthCommand
{
    public static Command Create(CliSettings settings)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder to write <colour>_<garment>/*.jpg into (created if missing).", Required = true };
        var perClass = new Option<int>("--per-class") { Description = "Images per class.", DefaultValueFactory = _ => 50 };
        var size = new Option<int>("--size") { Description = "Square image side in pixels.", DefaultValueFactory = _ => 96 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives identical files.", DefaultValueFactory = _ => 0 };
        var classes = new Option<string?>("--classes")
        {
            Description = $"Comma-separated class folders (default: {string.Join(',', SyntheticDataOptions.ReferenceClasses)}).",
        };
        var command = new Command("synth", "Write a synthetic <colour>_<garment> image set (drawn garment silhouettes) for tests and demos.")
        {
            output, perClass, size, seed, classes,
        };
        CommandAction.Set(command, settings, (context, parse, cancellationToken) =>
        {
            string folder = parse.GetRequiredValue(output);
            string? classList = parse.GetValue(classes);
            var options = new SyntheticDataOptions
            {
                ImagesPerClass = parse.GetValue(perClass),
                Size = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                Classes = classList is null
                    ? SyntheticDataOptions.ReferenceClasses
                    : [.. classList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            };
            if (options.ImagesPerClass < 1 || options.Size < 8 || options.Classes.Count == 0)
            {
                throw new CliFailure(ExitCodes.Usage, "--per-class must be at least 1, --size at least 8, and --classes must name at least one class.");
            }

            IReadOnlyList<string> files = SyntheticApparelGenerator.Generate(folder, options, cancellationToken);
            string fullPath = Path.GetFullPath(folder);
            context.Result($"Wrote {files.Count} images ({options.Classes.Count} classes x {options.ImagesPerClass}, {options.Size}x{options.Size}, seed {options.Seed}) to {fullPath}");
            context.Event("synth", new { folder = fullPath, images = files.Count, classes = options.Classes, options.Size, options.Seed });
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
