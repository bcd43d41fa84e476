using FashionServerless.Shared.Labels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Synthetic;

/// <summary>
/// Writes a small <c>&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;.jpg</c> data set of drawn garment silhouettes on light
/// backgrounds, jittered in pose, scale, position and noise, for tests and demos. The same options and seed
/// give byte-identical files, whatever the degree of parallelism.
/// </summary>
internal static class SyntheticApparelGenerator
{
    private const double MaxRotationDegrees = 12;
    private const double NoiseSigma = 5;

    /// <summary>Writes the data set under <paramref name="outputFolder"/> (created if missing) and returns the files written, in class then index order.</summary>
    /// <exception cref="InvalidClassFolderException">A class name is not <c>&lt;colour&gt;_&lt;garment&gt;</c>.</exception>
    /// <exception cref="ArgumentException">A colour or garment cannot be drawn, or a size or count is out of range.</exception>
    public static IReadOnlyList<string> Generate(string outputFolder, SyntheticDataOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        ArgumentNullException.ThrowIfNull(options);
        ClassName[] classes = Validate(options);

        var jobs = new List<(ClassName Class, int ClassIndex, int Index, string Path)>();
        for (int c = 0; c < classes.Length; c++)
        {
            string folder = Path.Combine(outputFolder, classes[c].FolderName);
            Directory.CreateDirectory(folder);
            for (int i = 0; i < options.ImagesPerClass; i++)
            {
                jobs.Add((classes[c], c, i, Path.Combine(folder, $"{classes[c].FolderName}_{i:D4}.jpg")));
            }
        }

        var encoder = new JpegEncoder { Quality = options.JpegQuality };
        Parallel.ForEach(
            jobs,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            job =>
            {
                var random = new Random(ImageSeed(options.Seed, job.ClassIndex, job.Index));
                byte[] pixels = Render(job.Class, options.Size, random);
                using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(pixels, options.Size, options.Size);
                image.SaveAsJpeg(job.Path, encoder);
            });
        return [.. jobs.Select(j => j.Path)];
    }

    /// <summary>Draws one image as packed RGB bytes, row by row.</summary>
    internal static byte[] Render(ClassName className, int size, Random random)
    {
        var rgb = new byte[size * size * 3];
        PaintBackground(rgb, size, random);

        (byte R, byte G, byte B) colour = GarmentPalette.Pick(className.Colour, random);
        double angle = (random.NextDouble() * 2 - 1) * MaxRotationDegrees * Math.PI / 180;
        double scale = 0.8 + (random.NextDouble() * 0.25);
        double dx = (random.NextDouble() - 0.5) * 0.14;
        double dy = (random.NextDouble() - 0.5) * 0.14;
        double shading = random.NextDouble() * 0.3;
        (double cos, double sin) = (Math.Cos(angle), Math.Sin(angle));
        foreach ((double X, double Y)[] unitPolygon in GarmentSilhouettes.For(className.Garment, random))
        {
            var polygon = new (double X, double Y)[unitPolygon.Length];
            for (int i = 0; i < unitPolygon.Length; i++)
            {
                double x = (unitPolygon[i].X - 0.5) * scale;
                double y = (unitPolygon[i].Y - 0.5) * scale;
                polygon[i] = ((0.5 + dx + (x * cos) - (y * sin)) * size, (0.5 + dy + (x * sin) + (y * cos)) * size);
            }

            ScanlinePolygonFill.Fill(rgb, size, size, polygon, colour, shading);
        }

        AddNoise(rgb, random);
        return rgb;
    }

    private static void PaintBackground(byte[] rgb, int size, Random random)
    {
        int baseLevel = random.Next(212, 250);
        (int tr, int tg, int tb) = (random.Next(-6, 7), random.Next(-6, 7), random.Next(-6, 7));
        double gradient = (random.NextDouble() - 0.5) * 24;
        for (int row = 0; row < size; row++)
        {
            int level = baseLevel + (int)(gradient * row / size);
            for (int x = 0; x < size; x++)
            {
                int at = ((row * size) + x) * 3;
                rgb[at] = (byte)Math.Clamp(level + tr, 0, 255);
                rgb[at + 1] = (byte)Math.Clamp(level + tg, 0, 255);
                rgb[at + 2] = (byte)Math.Clamp(level + tb, 0, 255);
            }
        }
    }

    private static void AddNoise(byte[] rgb, Random random)
    {
        for (int i = 0; i < rgb.Length; i++)
        {
            // Box-Muller: one normal sample per channel value.
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            rgb[i] = (byte)Math.Clamp(Math.Round(rgb[i] + (normal * NoiseSigma)), 0, 255);
        }
    }

    private static ClassName[] Validate(SyntheticDataOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImagesPerClass, 1, nameof(options.ImagesPerClass));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Size, 16, nameof(options.Size));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Size, 1024, nameof(options.Size));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.JpegQuality, 1, nameof(options.JpegQuality));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.JpegQuality, 100, nameof(options.JpegQuality));
        if (options.Classes.Count == 0)
        {
            throw new ArgumentException("At least one class is needed.", nameof(options));
        }

        ClassName[] classes = [.. options.Classes.Distinct(StringComparer.Ordinal).Select(LabelSchema.ParseClassName)];
        var probe = new Random(0);
        foreach (ClassName className in classes)
        {
            // Fail before writing anything when a colour or garment cannot be drawn.
            _ = GarmentPalette.Pick(className.Colour, probe);
            _ = GarmentSilhouettes.For(className.Garment, probe);
        }

        return classes;
    }

    private static int ImageSeed(int seed, int classIndex, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)classIndex << 20) ^ (uint)index;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }
}
