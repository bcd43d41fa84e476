using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Camera-sized JPEGs made from a real photo, since the data set holds only small catalogue photos: enlarged
/// (bicubic), with seeded per-pixel noise of +-4 levels so the compressed data is as busy as a sensor's, encoded as
/// phones do (quality 90, 4:2:0 chroma). Made in memory at run time; nothing derived from the photos is stored.
/// </summary>
internal static class LargePhotoSynthesizer
{
    private const int NoiseLevels = 4;

    public static byte[] Enlarge(ReadOnlyMemory<byte> photo, int width, int height, int seed)
    {
        using Image<Rgb24> image = Image.Load<Rgb24>(photo.Span);
        image.Mutate(c => c.Resize(width, height, KnownResamplers.Bicubic));
        var random = new Random(seed);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (ref Rgb24 pixel in rows.GetRowSpan(y))
                {
                    int noise = random.Next(-NoiseLevels, NoiseLevels + 1);
                    pixel = new Rgb24(Clamp(pixel.R + noise), Clamp(pixel.G + noise), Clamp(pixel.B + noise));
                }
            }
        });
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 });
        return output.ToArray();
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
