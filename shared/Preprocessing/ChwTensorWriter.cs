using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>Copies resized pixels into a channels-first RGB float tensor, and flattens alpha onto white.</summary>
internal static class ChwTensorWriter
{
    /// <summary>Blends every translucent pixel onto white, in place, so its colour no longer depends on alpha.</summary>
    public static void FlattenOntoWhite(Image<Rgba32> image) =>
        image.ProcessPixelRows(static accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<Rgba32> row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    ref Rgba32 pixel = ref row[x];
                    if (pixel.A != byte.MaxValue)
                    {
                        int alpha = pixel.A;
                        int white = 255 * (255 - alpha);
                        pixel.R = (byte)(((pixel.R * alpha) + white + 127) / 255);
                        pixel.G = (byte)(((pixel.G * alpha) + white + 127) / 255);
                        pixel.B = (byte)(((pixel.B * alpha) + white + 127) / 255);
                        pixel.A = byte.MaxValue;
                    }
                }
            }
        });

    /// <summary>Writes R, G and B planes of <paramref name="image"/> (already at the target size) through the value table.</summary>
    public static void Write<TPixel>(Image<TPixel> image, ReadOnlySpan<float> valueByByte, Span<float> destination)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        int width = image.Width;
        int plane = width * image.Height;
        Span<float> red = destination[..plane];
        Span<float> green = destination.Slice(plane, plane);
        Span<float> blue = destination.Slice(2 * plane, plane);
        Rgba32 rgba = default;
        for (int y = 0; y < image.Height; y++)
        {
            Span<TPixel> row = image.DangerousGetPixelRowMemory(y).Span;
            int offset = y * width;
            for (int x = 0; x < row.Length; x++)
            {
                row[x].ToRgba32(ref rgba);
                red[offset + x] = valueByByte[rgba.R];
                green[offset + x] = valueByByte[rgba.G];
                blue[offset + x] = valueByByte[rgba.B];
            }
        }
    }
}
