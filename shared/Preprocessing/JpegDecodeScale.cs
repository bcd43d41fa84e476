namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Chooses libjpeg's DCT scaling for preprocessing version 2: the smallest of 1/8, 1/4 and 1/2 whose output still has
/// at least the model's input size on both axes once EXIF orientation is applied, else full size. So a 12-megapixel
/// photo decodes at 1/8 (500x375) while the 474-pixel-wide catalogue photos decode at 1/4 or 1/2, never below 96.
/// </summary>
internal static class JpegDecodeScale
{
    private static readonly int[] Denominators = [8, 4, 2];

    /// <param name="scaledSize">The decoder's output size at 1/denominator, in stored (not display) orientation.</param>
    /// <param name="swapsAxes">Whether the EXIF orientation turns the image by 90 degrees (values 5 to 8).</param>
    /// <param name="minWidth">The smallest display width the resize step may start from.</param>
    /// <param name="minHeight">The smallest display height the resize step may start from.</param>
    /// <returns>The denominator: 8, 4, 2, or 1 for full size.</returns>
    public static int Choose(Func<int, (int Width, int Height)> scaledSize, bool swapsAxes, int minWidth, int minHeight)
    {
        ArgumentNullException.ThrowIfNull(scaledSize);
        foreach (int denominator in Denominators)
        {
            (int width, int height) = scaledSize(denominator);
            (int displayWidth, int displayHeight) = swapsAxes ? (height, width) : (width, height);
            if (displayWidth >= minWidth && displayHeight >= minHeight)
            {
                return denominator;
            }
        }

        return 1;
    }

    /// <summary>libjpeg's output size at 1/<paramref name="denominator"/>: each side divided and rounded up.</summary>
    public static (int Width, int Height) LibjpegSize(int width, int height, int denominator) =>
        ((width + denominator - 1) / denominator, (height + denominator - 1) / denominator);
}
