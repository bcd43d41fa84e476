using System.CommandLine;
using System.Globalization;
using FashionServerless.Trainer.Benchmarks;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>bench large-photos</c>: camera-sized JPEGs under each preprocessing version (CPU per photo, peak memory).</summary>
internal static class BenchLargePhotosCommand
{
    public static Command Create(CliSettings settings)
    {
        Option<string> data = BenchInputs.DataOption();
        Option<string?> model = BenchInputs.ModelOption();
        var sizes = new Option<string>("--sizes") { Description = "Photo sizes to synthesize, WIDTHxHEIGHT separated by commas.", DefaultValueFactory = _ => "1500x2000,4000x3000" };
        var photos = new Option<int>("--photos") { Description = "Photos of each size (each made from a different real photo).", DefaultValueFactory = _ => 5 };
        var images = new Option<int>("--images") { Description = "Catalogue photos read (the comparison row, and the sources of the large ones).", DefaultValueFactory = _ => 100 };
        var savePhotos = new Option<string?>("--save-photos") { Description = "Also write the first photo of each size to this folder, to time other decoders on the same bytes." };
        Option<string?> output = BenchCommand.OutputOption();
        var command = new Command("large-photos",
            "Measure decode + preprocess and classification of camera-sized JPEGs (made from real photos) under each preprocessing version: CPU ms per photo and peak memory.")
        {
            data, model, sizes, photos, images, savePhotos, output,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            IReadOnlyList<(int Width, int Height)> requested = ParseSizes(parse.GetRequiredValue(sizes));
            if (parse.GetValue(photos) < 1 || parse.GetValue(images) < 1)
            {
                throw new CliFailure(ExitCodes.Usage, "--photos and --images must be at least 1.");
            }

            using BenchInputs inputs = await BenchInputs.LoadAsync(context, parse.GetRequiredValue(data), parse.GetValue(model), preprocessingVersion: null,
                parse.GetValue(images), cancellationToken);
            IReadOnlyList<LargePhotoFigure> figures = LargePhotoBenchmark.Run(inputs.Images, inputs.OnnxModel, inputs.Manifest, requested, parse.GetValue(photos),
                parse.GetValue(savePhotos), context.Info, cancellationToken);
            var report = new LargePhotoReport(DateTimeOffset.UtcNow, MachineFacts.Current(), inputs.Data, inputs.Facts, figures);
            context.Result(BenchTable.FormatLargePhotos(report));
            context.Event("bench_large_photos", report);
            await BenchCommand.WriteJsonAsync(context, parse.GetValue(output), report, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<(int Width, int Height)> ParseSizes(string text)
    {
        var sizes = new List<(int, int)>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] sides = part.Split('x');
            if (sides.Length != 2
                || !int.TryParse(sides[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
                || !int.TryParse(sides[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
                || width is < 16 or > 12_000 || height is < 16 or > 12_000)
            {
                throw new CliFailure(ExitCodes.Usage, $"--sizes takes WIDTHxHEIGHT pairs (16 to 12000 each) separated by commas; '{part}' is not one.");
            }

            sizes.Add((width, height));
        }

        return sizes.Count > 0 ? sizes : throw new CliFailure(ExitCodes.Usage, "--sizes must name at least one size.");
    }
}
