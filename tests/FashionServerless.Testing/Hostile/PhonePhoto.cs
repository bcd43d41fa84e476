using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Testing.Hostile;

/// <summary>
/// A 12-megapixel photo as a phone writes it, generated: 4032x3024 stored landscape with EXIF orientation 6 (held
/// upright), a lit wall, a dark garment shape on it and sensor noise, at JPEG quality 90, which gives the few megabytes
/// of entropy-coded data a real photo has (a blank image of that size would be a few kilobytes and decode far faster).
/// </summary>
public static class PhonePhoto
{
    public const int Width = 4032;
    public const int Height = 3024;

    public static byte[] Create()
    {
        using var image = new Image<Rgb24>(Width, Height);
        var random = new Random(12);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    // Stored sideways, as the sensor reads it: the garment's long axis runs along x.
                    double dx = (x - (Width * 0.5)) / (Width * 0.36);
                    double dy = (y - (Height * 0.5)) / (Height * (0.16 + (0.12 * Math.Max(0, -dx))));
                    bool garment = (dx * dx) + (dy * dy) < 1;
                    int light = 200 - (int)(40.0 * y / Height) - (int)(25.0 * x / Width);
                    int noise = random.Next(-9, 10);
                    row[x] = garment
                        ? new Rgb24(Clamp(28 + noise), Clamp(30 + noise), Clamp(38 + noise + (int)(6 * Math.Sin(x * 0.05))))
                        : new Rgb24(Clamp(light + noise), Clamp(light - 8 + noise), Clamp(light - 22 + noise));
                }
            }
        });
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        image.Metadata.ExifProfile.SetValue(ExifTag.Make, "FashionServerless test phone");
        using var output = new MemoryStream();
        image.Save(output, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 });
        return output.ToArray();
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
