namespace FashionServerless.Trainer.Synthetic;

/// <summary>Plausible shades of each colour label (black is a range of near-blacks and dark greys, blue spans navy to light blue).</summary>
internal static class GarmentPalette
{
    private static readonly Dictionary<string, (byte R, byte G, byte B)[]> Shades = new(StringComparer.Ordinal)
    {
        ["black"] = [(12, 12, 14), (28, 28, 30), (45, 44, 48), (20, 22, 28)],
        ["blue"] = [(20, 32, 92), (38, 70, 178), (92, 142, 214), (58, 88, 140), (30, 60, 130)],
        ["red"] = [(170, 24, 30), (200, 40, 40), (130, 20, 28)],
        ["green"] = [(30, 110, 50), (70, 140, 60), (20, 80, 40)],
        ["white"] = [(236, 236, 232), (246, 244, 240)],
        ["brown"] = [(110, 70, 40), (140, 95, 60)],
        ["grey"] = [(120, 120, 124), (150, 150, 150)],
        ["pink"] = [(230, 140, 170), (240, 170, 190)],
        ["yellow"] = [(230, 200, 40), (240, 220, 90)],
        ["beige"] = [(214, 196, 160), (200, 180, 140)],
    };

    public static IReadOnlyCollection<string> Supported => Shades.Keys;

    /// <exception cref="ArgumentException">The colour has no shades.</exception>
    public static (byte R, byte G, byte B) Pick(string colour, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!Shades.TryGetValue(colour, out (byte R, byte G, byte B)[]? shades))
        {
            throw new ArgumentException(
                $"No synthetic shades for colour '{colour}'; supported: {string.Join(", ", Shades.Keys)}.", nameof(colour));
        }

        (byte r, byte g, byte b) = shades[random.Next(shades.Length)];
        int jitter = random.Next(-10, 11);
        return (Clamp(r + jitter), Clamp(g + jitter), Clamp(b + jitter));
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
