namespace FashionServerless.Shared.Preprocessing;

/// <summary>What the preprocessor accepts before it spends memory decoding an image.</summary>
public sealed record ImageLimits
{
    public static ImageLimits Default { get; } = new();

    /// <summary>Images with more pixels than this (width x height from the header) are rejected. Default 40 megapixels.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Encoded files larger than this are rejected. Default 50 MiB.</summary>
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;
}
