using System.Buffers.Binary;
using System.IO.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Testing.Images;

/// <summary>
/// Encoded images built in code for tests: every accepted format, the colour variants preprocessing must
/// normalise, and every kind of bad input it must reject. Deterministic: the same call gives the same bytes.
/// </summary>
public static class TestImages
{
    public static byte[] Jpeg(int width, int height, Rgb24 colour, int quality = 100) =>
        Encode(Solid(width, height, colour), new JpegEncoder { Quality = quality, ColorType = JpegColorType.YCbCrRatio444 });

    public static byte[] Png(int width, int height, Rgb24 colour) => Encode(Solid(width, height, colour), new PngEncoder());

    /// <summary>Lossless WebP, so the colour survives exactly.</summary>
    public static byte[] Webp(int width, int height, Rgb24 colour) =>
        Encode(Solid(width, height, colour), new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });

    public static byte[] Bmp(int width, int height, Rgb24 colour) =>
        Encode(Solid(width, height, colour), new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });

    public static byte[] Gif(int width, int height, Rgb24 colour) => Encode(Solid(width, height, colour), new GifEncoder());

    /// <summary>A GIF whose frames are the given colours in order; only the first may be used.</summary>
    public static byte[] AnimatedGif(int width, int height, params Rgb24[] frameColours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameColours.Length, 1);
        Image<Rgb24> image = Solid(width, height, frameColours[0]);
        foreach (Rgb24 colour in frameColours.Skip(1))
        {
            using Image<Rgb24> frame = Solid(width, height, colour);
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }

        return Encode(image, new GifEncoder());
    }

    /// <summary>A single-channel (luminance) JPEG.</summary>
    public static byte[] GrayscaleJpeg(int width, int height, byte luminance) =>
        UniformJpegWriter.Write(width, height, [luminance], adobeCmyk: false);

    /// <summary>
    /// A four-component Adobe CMYK JPEG with the given ink amounts (0 none, 255 full). Values are stored inverted,
    /// as Photoshop writes them, so the expected RGB is <c>(255-c)(255-k)/255</c> and likewise for m and y.
    /// </summary>
    public static byte[] CmykJpeg(int width, int height, byte cyan, byte magenta, byte yellow, byte black) =>
        UniformJpegWriter.Write(width, height, [(byte)(255 - cyan), (byte)(255 - magenta), (byte)(255 - yellow), (byte)(255 - black)], adobeCmyk: true);

    public static byte[] PngWithAlpha(int width, int height, Rgba32 colour)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        return Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
    }

    /// <summary>
    /// A JPEG stored <paramref name="width"/> x <paramref name="height"/> with its left half <paramref name="left"/>
    /// and right half <paramref name="right"/>, tagged with an EXIF orientation. With orientation 6 (rotate 90°
    /// clockwise to display) the displayed image is <paramref name="left"/> on top and <paramref name="right"/> below.
    /// </summary>
    public static byte[] JpegWithOrientation(int width, int height, Rgb24 left, Rgb24 right, ushort orientation = 6)
    {
        Image<Rgb24> image = Solid(width, height, right);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width / 2; x++)
            {
                image[x, y] = left;
            }
        }

        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(image, new JpegEncoder { Quality = 100, ColorType = JpegColorType.YCbCrRatio444 });
    }

    /// <summary>
    /// A JPEG stored as four coloured quadrants (top-left, top-right, bottom-left, bottom-right) with an EXIF orientation,
    /// so every one of the eight orientations gives a different displayed image.
    /// </summary>
    public static byte[] QuadrantJpegWithOrientation(int width, int height, ushort orientation, Rgb24 topLeft, Rgb24 topRight, Rgb24 bottomLeft, Rgb24 bottomRight)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = (x < width / 2, y < height / 2) switch
                {
                    (true, true) => topLeft,
                    (false, true) => topRight,
                    (true, false) => bottomLeft,
                    _ => bottomRight,
                };
            }
        }

        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(image, new JpegEncoder { Quality = 100, ColorType = JpegColorType.YCbCrRatio444 });
    }

    public static byte[] Tiff(int width, int height, Rgb24 colour) => Encode(Solid(width, height, colour), new TiffEncoder());

    public static byte[] Tga(int width, int height, Rgb24 colour) => Encode(Solid(width, height, colour), new TgaEncoder());

    /// <summary>A JPEG of seeded noise (so the compressed data is long), cut to <paramref name="fraction"/> of its length.</summary>
    public static byte[] TruncatedJpeg(int width = 256, int height = 256, double fraction = 0.5)
    {
        byte[] whole = NoiseJpeg(width, height);
        return whole[..(int)(whole.Length * fraction)];
    }

    public static byte[] NoiseJpeg(int width, int height, int seed = 7) =>
        Encode(Noise(width, height, seed), new JpegEncoder { Quality = 90 });

    /// <summary>A 200x200 progressive JPEG of seeded noise (a stored file: ImageSharp 2.x encodes baseline only).</summary>
    public static byte[] ProgressiveNoiseJpeg()
    {
        using Stream stream = typeof(TestImages).Assembly.GetManifestResourceStream("progressive-noise-200.jpg")
            ?? throw new InvalidOperationException("The embedded progressive-noise-200.jpg is missing from the test assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] NoisePng(int width, int height, int seed = 7) => Encode(Noise(width, height, seed), new PngEncoder());

    /// <summary>A valid PNG signature and IHDR claiming <paramref name="width"/> x <paramref name="height"/>, then IEND with no pixel data.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var data = new byte[8 + 25 + 12];
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(data);
        Span<byte> ihdr = data.AsSpan(8, 25);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, 13);
        "IHDR"u8.CopyTo(ihdr[4..]);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[8..], width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[12..], height);
        ihdr[16] = 8; // bit depth
        ihdr[17] = 2; // truecolour
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[21..], Crc32.HashToUInt32(ihdr[4..21]));
        Span<byte> iend = data.AsSpan(33, 12);
        "IEND"u8.CopyTo(iend[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(iend[8..], Crc32.HashToUInt32(iend[4..8]));
        return data;
    }

    public static byte[] Text(string text = "This is a text file, not a photo.\n") => System.Text.Encoding.UTF8.GetBytes(text);

    public static byte[] Empty() => [];

    public static byte[] RandomBytes(int length = 4096, int seed = 1234)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static Image<Rgb24> Solid(int width, int height, Rgb24 colour) => new(width, height, colour);

    private static Image<Rgb24> Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            }
        }

        return image;
    }

    /// <summary>Encodes and disposes <paramref name="image"/>.</summary>
    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using Image owned = image;
        using var output = new MemoryStream();
        owned.Save(output, encoder);
        return output.ToArray();
    }
}
