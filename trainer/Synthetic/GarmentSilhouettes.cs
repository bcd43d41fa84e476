namespace FashionServerless.Trainer.Synthetic;

/// <summary>
/// Outline polygons of each garment in unit coordinates (0..1, y down). The five shapes differ clearly in
/// height, width and topology (straps, two legs, sleeves, low wedges) so a small network can tell them apart.
/// </summary>
internal static class GarmentSilhouettes
{
    public static IReadOnlyList<string> Supported { get; } = ["dress", "pants", "shirt", "shoes", "shorts"];

    /// <summary>The polygons of one garment; <paramref name="random"/> varies proportions a little.</summary>
    /// <exception cref="ArgumentException">The garment has no silhouette.</exception>
    public static IReadOnlyList<(double X, double Y)[]> For(string garment, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double v = (random.NextDouble() - 0.5) * 0.06;
        return garment switch
        {
            "dress" => Dress(v),
            "pants" => Pants(v),
            "shirt" => Shirt(v),
            "shoes" => Shoes(v, twoShoes: random.NextDouble() < 0.6),
            "shorts" => Shorts(v),
            _ => throw new ArgumentException(
                $"No synthetic silhouette for garment '{garment}'; supported: {string.Join(", ", Supported)}.", nameof(garment)),
        };
    }

    private static (double X, double Y)[][] Dress(double v) =>
    [
        [(0.40, 0.22), (0.60, 0.22), (0.58, 0.42), (0.76 + v, 0.88), (0.24 - v, 0.88), (0.42, 0.42)],
        [(0.41, 0.10), (0.44, 0.10), (0.45, 0.23), (0.42, 0.23)],
        [(0.56, 0.10), (0.59, 0.10), (0.58, 0.23), (0.55, 0.23)],
    ];

    private static (double X, double Y)[][] Pants(double v) =>
    [
        [(0.33, 0.08), (0.67, 0.08), (0.70 + v, 0.92), (0.54, 0.92), (0.50, 0.36), (0.46, 0.92), (0.30 - v, 0.92)],
    ];

    private static (double X, double Y)[][] Shorts(double v) =>
    [
        [(0.26, 0.28), (0.74, 0.28), (0.80 + v, 0.66), (0.55, 0.68), (0.50, 0.46), (0.45, 0.68), (0.20 - v, 0.66)],
    ];

    private static (double X, double Y)[][] Shirt(double v) =>
    [
        [
            (0.36, 0.16), (0.44, 0.14), (0.50, 0.20), (0.56, 0.14), (0.64, 0.16), (0.88 + v, 0.36), (0.80 + v, 0.48),
            (0.66, 0.38), (0.66, 0.86), (0.34, 0.86), (0.34, 0.38), (0.20 - v, 0.48), (0.12 - v, 0.36),
        ],
    ];

    private static (double X, double Y)[][] Shoes(double v, bool twoShoes)
    {
        (double X, double Y)[] Shoe(double dx, double dy) =>
        [
            (0.14 + dx, 0.50 + dy), (0.34 + dx, 0.46 + dy), (0.44 + dx, 0.55 + dy), (0.80 + dx + v, 0.63 + dy),
            (0.86 + dx + v, 0.72 + dy), (0.14 + dx, 0.72 + dy),
        ];

        return twoShoes ? [Shoe(-0.04, -0.12), Shoe(0.04, 0.10)] : [Shoe(0, 0)];
    }
}
