using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Synthetic;

/// <summary>
/// Writes images that are not black or blue apparel, to measure how often a model calls them uncertain: one folder per
/// kind, so <c>classify</c> can count each kind. Plain colours (white like an empty photo, black and blue with no
/// garment), noise and gradients, drawn garments in colours outside the label set, and, given real photos, those
/// photos recoloured: each blue garment's hue turned to red and to green, keeping its shape and shading.
/// </summary>
internal static class OutOfSetGenerator
{
    public const string PlainFolder = "plain";
    public const string NoiseFolder = "noise";
    public const string OtherColoursFolder = "other-colours";
    public const string RecolouredFolder = "recoloured";

    private static readonly (string Name, (byte R, byte G, byte B) Colour)[] PlainColours =
    [
        ("white", (255, 255, 255)), ("offwhite", (242, 240, 236)), ("grey", (128, 128, 128)), ("black", (10, 10, 12)),
        ("blue", (40, 70, 170)), ("red", (190, 30, 35)), ("green", (40, 130, 60)), ("yellow", (235, 210, 50)),
    ];

    private static readonly string[] OtherColourClasses =
    [
        "red_dress", "red_shirt", "green_pants", "green_shorts", "yellow_shoes", "pink_dress", "brown_pants", "beige_shorts",
    ];

    /// <summary>Writes every kind under <paramref name="outputFolder"/> and returns the files written.</summary>
    /// <param name="recolourFrom">A folder of real <c>blue_*</c> class folders to recolour, or null to skip that kind.</param>
    /// <param name="perKind">Images per plain colour, noise kind, other-colour class and recoloured class.</param>
    public static IReadOnlyList<string> Generate(string outputFolder, int perKind, int size, int seed, string? recolourFrom)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(perKind, 1);
        var written = new List<string>();
        var random = new Random(seed);
        var encoder = new JpegEncoder { Quality = 90 };

        string plain = Directory.CreateDirectory(Path.Combine(outputFolder, PlainFolder)).FullName;
        foreach ((string name, (byte r, byte g, byte b)) in PlainColours)
        {
            for (int i = 0; i < perKind; i++)
            {
                // Plain images come in the shapes uploads come in: square, portrait and landscape.
                (int width, int height) = (i % 3) switch { 0 => (size, size), 1 => (size, size * 4 / 3), _ => (size * 4 / 3, size) };
                using var image = new Image<Rgb24>(width, height, new Rgb24(r, g, b));
                written.Add(Save(image, Path.Combine(plain, $"{name}_{i:D3}.jpg"), encoder));
            }
        }

        string noise = Directory.CreateDirectory(Path.Combine(outputFolder, NoiseFolder)).FullName;
        for (int i = 0; i < perKind; i++)
        {
            using Image<Rgb24> speckle = Noise(size, random);
            written.Add(Save(speckle, Path.Combine(noise, $"noise_{i:D3}.jpg"), encoder));
            using Image<Rgb24> gradient = Gradient(size, random);
            written.Add(Save(gradient, Path.Combine(noise, $"gradient_{i:D3}.jpg"), encoder));
        }

        string others = Path.Combine(outputFolder, OtherColoursFolder);
        written.AddRange(SyntheticApparelGenerator.Generate(others,
            new SyntheticDataOptions { Classes = OtherColourClasses, ImagesPerClass = perKind, Size = size, Seed = seed }));

        if (recolourFrom is not null)
        {
            written.AddRange(Recolour(recolourFrom, Path.Combine(outputFolder, RecolouredFolder), perKind, encoder));
        }

        return written;
    }

    private static IEnumerable<string> Recolour(string realFolder, string outputFolder, int perClass, JpegEncoder encoder)
    {
        if (!Directory.Exists(realFolder))
        {
            throw new DirectoryNotFoundException($"The folder of real photos to recolour, '{realFolder}', does not exist.");
        }

        string[] blueClasses = [.. Directory.EnumerateDirectories(realFolder, "blue_*").Order(StringComparer.Ordinal)];
        if (blueClasses.Length == 0)
        {
            throw new ArgumentException($"'{realFolder}' has no blue_<garment> folders to recolour.", nameof(realFolder));
        }

        foreach (string classFolder in blueClasses)
        {
            string garment = Path.GetFileName(classFolder)["blue_".Length..];
            foreach (string file in Directory.EnumerateFiles(classFolder).Order(StringComparer.Ordinal).Take(perClass))
            {
                foreach ((string colour, double turn) in new[] { ("red", 140.0), ("green", -100.0) })
                {
                    using Image<Rgb24> image = Image.Load<Rgb24>(file);
                    TurnHue(image, turn);
                    string folder = Directory.CreateDirectory(Path.Combine(outputFolder, $"{colour}_{garment}")).FullName;
                    yield return Save(image, Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + ".jpg"), encoder);
                }
            }
        }
    }

    /// <summary>Turns the hue of coloured pixels by <paramref name="degrees"/>; greys, whites and blacks have no hue and stay.</summary>
    private static void TurnHue(Image<Rgb24> image, double degrees)
    {
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    (double h, double s, double v) = ToHsv(row[x]);
                    row[x] = FromHsv((h + degrees + 360) % 360, s, v);
                }
            }
        });
    }

    private static (double H, double S, double V) ToHsv(Rgb24 pixel)
    {
        double r = pixel.R / 255.0, g = pixel.G / 255.0, b = pixel.B / 255.0;
        double max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b)), delta = max - min;
        double hue = delta == 0 ? 0
            : max == r ? 60 * (((g - b) / delta) % 6)
            : max == g ? 60 * (((b - r) / delta) + 2)
            : 60 * (((r - g) / delta) + 4);
        return ((hue + 360) % 360, max == 0 ? 0 : delta / max, max);
    }

    private static Rgb24 FromHsv(double h, double s, double v)
    {
        double c = v * s, x = c * (1 - Math.Abs((h / 60 % 2) - 1)), m = v - c;
        (double r, double g, double b) = (h / 60) switch
        {
            < 1 => (c, x, 0.0),
            < 2 => (x, c, 0.0),
            < 3 => (0.0, c, x),
            < 4 => (0.0, x, c),
            < 5 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return new Rgb24(Byte(r + m), Byte(g + m), Byte(b + m));
    }

    private static byte Byte(double unit) => (byte)Math.Clamp(Math.Round(unit * 255), 0, 255);

    private static Image<Rgb24> Noise(int size, Random random)
    {
        var pixels = new byte[size * size * 3];
        random.NextBytes(pixels);
        return Image.LoadPixelData<Rgb24>(pixels, size, size);
    }

    private static Image<Rgb24> Gradient(int size, Random random)
    {
        var image = new Image<Rgb24>(size, size);
        (int r0, int g0, int b0) = (random.Next(256), random.Next(256), random.Next(256));
        (int r1, int g1, int b1) = (random.Next(256), random.Next(256), random.Next(256));
        for (int y = 0; y < size; y++)
        {
            double t = y / (double)(size - 1);
            var colour = new Rgb24((byte)(r0 + ((r1 - r0) * t)), (byte)(g0 + ((g1 - g0) * t)), (byte)(b0 + ((b1 - b0) * t)));
            for (int x = 0; x < size; x++)
            {
                image[x, y] = colour;
            }
        }

        return image;
    }

    private static string Save(Image<Rgb24> image, string path, JpegEncoder encoder)
    {
        image.SaveAsJpeg(path, encoder);
        return path;
    }
}
