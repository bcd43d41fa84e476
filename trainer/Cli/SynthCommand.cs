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
        var outOfSet = new Option<bool>("--out-of-set")
        {
            Description = "Instead, write images that are not black or blue apparel (plain colours, noise, other colours) to measure 'uncertain' with classify.",
        };
        var recolour = new Option<string?>("--recolour")
        {
            Description = "With --out-of-set: also recolour the blue_<garment> photos of this folder to red and green.",
        };
        var command = new Command("synth", "Write a synthetic <colour>_<garment> image set (drawn garment silhouettes) for tests and demos.")
        {
            output, perClass, size, seed, classes, outOfSet, recolour,
        };
        CommandAction.Set(command, settings, (context, parse, cancellationToken) =>
        {
            string folder = parse.GetRequiredValue(output);
            if (parse.GetValue(outOfSet))
            {
                return Task.FromResult(WriteOutOfSet(context, folder, parse.GetValue(perClass), parse.GetValue(size), parse.GetValue(seed), parse.GetValue(recolour)));
            }

            if (parse.GetValue(recolour) is not null)
            {
                throw new CliFailure(ExitCodes.Usage, "--recolour only applies with --out-of-set.");
            }

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

    private static int WriteOutOfSet(CliContext context, string folder, int perKind, int size, int seed, string? recolourFrom)
    {
        if (perKind < 1 || size < 16)
        {
            throw new CliFailure(ExitCodes.Usage, "--per-class must be at least 1 and --size at least 16.");
        }

        IReadOnlyList<string> files;
        try
        {
            files = OutOfSetGenerator.Generate(folder, perKind, size, seed, recolourFrom);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or ArgumentException)
        {
            throw new CliFailure(ExitCodes.Data, ex.Message, ex);
        }

        string fullPath = Path.GetFullPath(folder);
        context.Result($"Wrote {files.Count} out-of-set images to {fullPath} (folders {string.Join(", ", Directory.EnumerateDirectories(fullPath).Select(Path.GetFileName).Order(StringComparer.Ordinal))}).");
        context.Event("synth", new { folder = fullPath, images = files.Count, outOfSet = true, size, seed, recolourFrom });
        return ExitCodes.Success;
    }
}
