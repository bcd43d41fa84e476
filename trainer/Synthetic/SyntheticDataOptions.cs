namespace FashionServerless.Trainer.Synthetic;

/// <summary>What <see cref="SyntheticApparelGenerator"/> draws.</summary>
internal sealed record SyntheticDataOptions
{
    /// <summary>The reference study's ten classes.</summary>
    public static IReadOnlyList<string> ReferenceClasses { get; } =
    [
        "black_dress", "black_pants", "black_shirt", "black_shoes", "black_shorts",
        "blue_dress", "blue_pants", "blue_shirt", "blue_shoes", "blue_shorts",
    ];

    /// <summary>Class folder names, <c>&lt;colour&gt;_&lt;garment&gt;</c>.</summary>
    public IReadOnlyList<string> Classes { get; init; } = ReferenceClasses;

    public int ImagesPerClass { get; init; } = 50;

    /// <summary>Width and height of each square image in pixels.</summary>
    public int Size { get; init; } = 96;

    public int Seed { get; init; }

    /// <summary>JPEG quality, 1 to 100.</summary>
    public int JpegQuality { get; init; } = 90;
}
