using System.IO.Compression;
using System.Text;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using static FashionServerless.Testing.Hostile.HostileCase;

namespace FashionServerless.Testing.Hostile;

/// <summary>
/// The hostile and odd inputs every path that classifies uploads must survive, each generated in code: files that are
/// not images but are named like one, decompression bombs in every accepted format, metadata made to exhaust a parser,
/// animations and progressions made to burn CPU, every colour model and orientation a phone or editor writes, extreme
/// shapes, a 12-megapixel phone-size photo and a file over the byte limit. Cases are built on first use and kept.
/// </summary>
public static class HostileCorpus
{
    private static readonly Rgb24 Navy = new(20, 30, 120);
    private static readonly Rgb24 Cream = new(240, 230, 200);

    /// <summary>
    /// Every case. The default bounds leave room for a loaded shared machine: a small image costs a few milliseconds of
    /// CPU, and the bounds are ten to a hundred times that; the large decodes have bounds from their measured cost.
    /// </summary>
    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static HostileCase Find(string name) => All.Single(c => c.Name == name);

    private static List<HostileCase> Build()
    {
        string notAnImage = Rejected("not_an_image");
        string unsupported = Rejected("unsupported_format");
        string tooLarge = Rejected("too_large");
        string corrupt = Rejected("corrupt");
        return
        [
            // Not images, named like one.
            new("zero-bytes", ".jpg", "an empty upload", notAnImage, 500, 16) { Create = () => [] },
            new("one-byte", ".jpg", "a single 0xFF byte", notAnImage, 500, 16) { Create = () => [0xFF] },
            new("text", ".jpg", "plain text", notAnImage, 500, 16) { Create = () => Encoding.UTF8.GetBytes("These are my holiday notes, not a photo.\n") },
            new("html", ".jpg", "an HTML page with a script", notAnImage, 500, 16)
            {
                Create = () => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><img src=x onerror=alert(1)><script>fetch('/x')</script></body></html>"),
            },
            new("svg", ".jpg", "an SVG with an external entity and a script", notAnImage, 500, 16)
            {
                Create = () => Encoding.UTF8.GetBytes(
                    "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"><text>&xxe;</text><script>alert(1)</script></svg>"),
            },
            new("pdf", ".jpg", "a one-page PDF", notAnImage, 500, 16)
            {
                Create = () => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
            },
            new("zip", ".jpg", "a ZIP archive holding a JPEG", notAnImage, 500, 16) { Create = ZipOfJpeg },
            new("elf", ".jpg", "an executable's header", notAnImage, 500, 16) { Create = () => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. new byte[56]] },
            new("random-bytes", ".jpg", "64 KiB of random bytes", notAnImage, 500, 16) { Create = () => TestImages.RandomBytes(64 * 1024, seed: 11) },
            new("jpeg-signature-only", ".jpg", "the JPEG start-of-image marker and nothing else (too short to be recognised as JPEG)", notAnImage, 500, 16) { Create = () => [0xFF, 0xD8, 0xFF] },
            new("truncated-jpeg", ".jpg", "a photo cut off half way through its upload", corrupt, 500, 16) { Create = () => TestImages.TruncatedJpeg(512, 512, 0.5) },
            new("tiff", ".jpg", "a TIFF named .jpg", unsupported, 500, 16) { Create = () => TestImages.Tiff(32, 32, Navy) },
            new("heif", ".jpg", "a HEIF (iPhone) header named .jpg", unsupported, 500, 16)
            {
                Create = () => [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[64]],
            },
            new("over-byte-limit", ".jpg", "a JPEG header then zeros, one byte over 50 MiB", tooLarge, 2000, 64)
            {
                Create = () =>
                {
                    var data = new byte[(50 * 1024 * 1024) + 1];
                    data[0] = 0xFF;
                    data[1] = 0xD8;
                    data[2] = 0xFF;
                    return data;
                },
            },

            // Decompression bombs: tiny files whose headers declare enormous images.
            new("bomb-png-100000x100000", ".png", "a PNG header declaring 10 gigapixels, with a few bytes of data", tooLarge, 500, 16)
            {
                Create = () => HostileFormats.Png(100_000, 100_000, 8, 2, ("IDAT", HostileFormats.ZlibZeros(4096))),
            },
            new("bomb-jpeg-65500x65500", ".jpg", "a JPEG frame header declaring 4.3 gigapixels", tooLarge, 500, 16)
            {
                Create = () =>
                {
                    using MemoryStream jpeg = HostileFormats.JpegHeader(65_500, 65_500, progressive: false);
                    jpeg.Write([0xFF, 0xD9]);
                    return jpeg.ToArray();
                },
            },
            new("bomb-gif-screen-65535", ".gif", "a GIF whose logical screen is 65535x65535 around a 1x1 frame", tooLarge, 500, 16)
            {
                Create = () => HostileFormats.GifWithHugeScreen(65_535, 65_535),
            },
            new("bomb-gif-frame-65535", ".gif", "a 16x16 GIF whose one frame declares 65535x65535 (clipped to the 16x16 screen)", Classified, 500, 64)
            {
                Create = () => HostileFormats.GifWithOversizedFrame(16, 65_535),
            },
            new("bomb-webp-16384", ".webp", "a lossless WebP header declaring 16384x16384", tooLarge, 500, 16)
            {
                Create = () => HostileFormats.WebpLosslessHeader(16_384, 16_384),
            },
            new("bomb-webp-canvas-16m", ".webp", "an extended WebP whose canvas is 16777216x16777216 and that has no image chunk", corrupt, 500, 16)
            {
                Create = () => HostileFormats.WebpExtendedCanvas(16_777_216, 16_777_216),
            },
            new("bomb-bmp-rle-50000", ".bmp", "a run-length BMP declaring 50000x50000 with one end-of-bitmap code", tooLarge, 500, 16)
            {
                Create = () => HostileFormats.RleBmp(50_000, 50_000),
            },
            new("largest-png-36mp", ".png", "a blank 6000x6000 PNG: 36 megapixels (just under the limit) in 36 KB", Classified, 15_000, 400)
            {
                Create = () => HostileFormats.Png(6000, 6000, 8, 0, ("IDAT", HostileFormats.BlankScanlines(6000, 6000, 1))),
            },
            new("largest-jpeg-36mp", ".jpg", "a uniform 6000x6000 JPEG: 36 megapixels in 140 KB", Classified, 10_000, 400)
            {
                Create = () => TestImages.GrayscaleJpeg(6000, 6000, 128),
            },
            new("bomb-png-iccp", ".png", "a 16x16 PNG whose ICC profile chunk inflates to 256 MiB", Classified, 5000, 64)
            {
                Create = () => SolidPng(HostileFormats.CompressedChunk("iCCP", [.. "bomb"u8, 0, 0], 256L << 20)),
            },
            new("bomb-png-ztxt", ".png", "a 16x16 PNG whose compressed text chunk inflates to 256 MiB", Classified, 5000, 64)
            {
                Create = () => SolidPng(HostileFormats.CompressedChunk("zTXt", [.. "Comment"u8, 0, 0], 256L << 20)),
            },
            new("bomb-png-itxt", ".png", "a 16x16 PNG whose compressed international text chunk inflates to 256 MiB", Classified, 5000, 64)
            {
                Create = () => SolidPng(HostileFormats.CompressedChunk("iTXt", [.. "Comment"u8, 0, 1, 0, 0, 0], 256L << 20)),
            },
            new("bomb-png-idat-excess", ".png", "a 16x16 PNG whose pixel data inflates to 256 MiB instead of 784 bytes", Classified, 5000, 64)
            {
                Create = () => HostileFormats.Png(16, 16, 8, 2, ("IDAT", HostileFormats.ZlibZeros(256L << 20))),
            },

            // Made to burn CPU or memory in a parser.
            new("gif-5000-frames", ".gif", "an animated 64x64 GIF of 5000 frames", Classified, 3000, 64) { Create = () => HostileFormats.ManyFrameGif(5000, 64) },
            new("progressive-505-scans", ".jpg", "a 512x512 progressive JPEG in 505 scans (one per coefficient and bit)", corrupt, 500, 64)
            {
                Create = () => HostileFormats.ManyScanProgressiveJpeg(512, 512, 7),
            },
            new("progressive-505-scans-4mp", ".jpg", "a 2048x2048 progressive JPEG in 505 scans: every scan visits 65,536 blocks", corrupt, 500, 64)
            {
                Create = () => HostileFormats.ManyScanProgressiveJpeg(2048, 2048, 7),
            },
            new("jpeg-icc-4mib", ".jpg", "a photo carrying a 4 MiB ICC profile in 65 APP2 segments", Classified, 3000, 320) { Create = () => JpegWithIcc(4 << 20) },
            new("jpeg-exif-64k-entries", ".jpg", "a photo whose EXIF block fills a whole segment: 5400 tags", Classified, 3000, 64) { Create = () => JpegWithExif(HostileFormats.ExifBlock(5400, 6)) },
            new("jpeg-exif-ifd-loop", ".jpg", "a photo whose EXIF IFDs point back at themselves", Classified, 3000, 64)
            {
                Create = () => JpegWithExif(HostileFormats.ExifBlock(4, 6, nextIfdOffset: 8, exifPointerToSelf: true)),
            },
            new("jpeg-exif-20mib", ".jpg", "a photo with 20 MiB of EXIF spread over 320 APP1 segments", Classified, 1000, 128) { Create = () => JpegWithExtendedExif(320) },

            // Every EXIF orientation a camera writes.
            .. Enumerable.Range(1, 8).Select(o => new HostileCase($"exif-orientation-{o}", ".jpg", $"a 120x80 photo tagged with EXIF orientation {o}", Classified, 1000, 32)
            {
                Create = () => TestImages.QuadrantJpegWithOrientation(120, 80, (ushort)o, Navy, Cream, new Rgb24(200, 20, 20), new Rgb24(20, 160, 40)),
            }),

            // Colour models and bit depths.
            new("cmyk-jpeg", ".jpg", "an Adobe CMYK JPEG", Classified, 1000, 32) { Create = () => TestImages.CmykJpeg(128, 128, 200, 100, 0, 40) },
            new("grayscale-jpeg", ".jpg", "a single-channel JPEG", Classified, 1000, 32) { Create = () => TestImages.GrayscaleJpeg(128, 128, 90) },
            new("grayscale-png", ".png", "an 8-bit greyscale PNG", Classified, 1000, 32) { Create = () => Encode<L8>(128, 128, new L8(90), new PngEncoder { ColorType = PngColorType.Grayscale }) },
            new("palette-png", ".png", "an indexed-colour PNG", Classified, 1000, 32) { Create = () => Encode<Rgb24>(128, 128, Navy, new PngEncoder { ColorType = PngColorType.Palette }) },
            new("png-16-bit", ".png", "a 16-bit-per-channel RGB PNG", Classified, 1000, 32)
            {
                Create = () => Encode<Rgb48>(128, 128, new Rgb48(5000, 9000, 40000), new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 }),
            },
            new("png-16-bit-grey-alpha", ".png", "a 16-bit greyscale PNG with alpha", Classified, 1000, 32)
            {
                Create = () => Encode<La32>(128, 128, new La32(30000, 40000), new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha, BitDepth = PngBitDepth.Bit16 }),
            },
            new("png-alpha", ".png", "a half-transparent RGBA PNG", Classified, 1000, 32) { Create = () => TestImages.PngWithAlpha(128, 128, new Rgba32(20, 30, 120, 100)) },
            new("png-interlaced", ".png", "an Adam7-interlaced PNG", Classified, 1000, 32)
            {
                Create = () => Encode<Rgb24>(128, 128, Navy, new PngEncoder { ColorType = PngColorType.Rgb, InterlaceMethod = PngInterlaceMode.Adam7 }),
            },
            new("webp-lossy-alpha", ".webp", "a lossy WebP with an alpha channel", Classified, 1000, 32)
            {
                Create = () => Encode<Rgba32>(128, 128, new Rgba32(20, 30, 120, 128), new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
            },
            new("bmp-24-bit", ".bmp", "an uncompressed 24-bit BMP", Classified, 1000, 32) { Create = () => TestImages.Bmp(128, 128, Navy) },
            new("progressive-jpeg", ".jpg", "an ordinary progressive JPEG (libjpeg-turbo's cjpeg -progressive)", Classified, 1000, 32) { Create = TestImages.ProgressiveNoiseJpeg },

            // Extreme shapes.
            new("one-pixel-jpeg", ".jpg", "a 1x1 JPEG", Classified, 1000, 32) { Create = () => TestImages.Jpeg(1, 1, Navy) },
            new("one-pixel-png", ".png", "a 1x1 PNG", Classified, 1000, 32) { Create = () => TestImages.Png(1, 1, Navy) },
            new("one-pixel-gif", ".gif", "a 1x1 GIF", Classified, 1000, 32) { Create = () => TestImages.Gif(1, 1, Navy) },
            new("wide-20000x20", ".jpg", "a 20000x20 JPEG", Classified, 2000, 64) { Create = () => TestImages.Jpeg(20_000, 20, Navy, quality: 90) },
            new("tall-20x20000", ".png", "a 20x20000 PNG", Classified, 2000, 64) { Create = () => TestImages.Png(20, 20_000, Navy) },

            // What users actually upload: a phone's photo. Its per-pixel noise makes the file far denser than a real photo,
            // and the served test model decodes it at full size (version 1) then turns it upright: 2.4 s of worker CPU alone
            // and 3.3 s beside the rest of CI on the slower 2-core machine of 2026-12-03. The bound is there to catch a path
            // that goes quadratic (tens of seconds), not a slower machine.
            new("phone-12mp", ".jpg", "a 4032x3024 (12.2 megapixel) phone-size photo, EXIF orientation 6, quality 90", Classified, 6000, 160) { Create = PhonePhoto.Create },
        ];
    }

    private static byte[] ZipOfJpeg()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream entry = zip.CreateEntry("photo.jpg").Open();
            entry.Write(TestImages.Jpeg(32, 32, Navy));
        }

        return output.ToArray();
    }

    /// <summary>A valid 16x16 RGB PNG with <paramref name="extra"/> before its pixel data.</summary>
    private static byte[] SolidPng((string, byte[]) extra) =>
        HostileFormats.Png(16, 16, 8, 2, extra, ("IDAT", HostileFormats.BlankScanlines(16, 16, 3)));

    private static byte[] JpegWithIcc(int profileBytes)
    {
        const int PerSegment = 65_519; // 65533 less "ICC_PROFILE\0", sequence and count
        int segments = (profileBytes + PerSegment - 1) / PerSegment;
        byte[] profile = TestImages.RandomBytes(profileBytes, seed: 5);
        // A plausible header: the declared size is the real size, so a parser reads it all.
        profile[0] = (byte)(profileBytes >> 24);
        profile[1] = (byte)(profileBytes >> 16);
        profile[2] = (byte)(profileBytes >> 8);
        profile[3] = (byte)profileBytes;
        "acsp"u8.CopyTo(profile.AsSpan(36));
        var metadata = new List<byte[]>();
        for (int i = 0; i < segments; i++)
        {
            ReadOnlySpan<byte> part = profile.AsSpan(i * PerSegment, Math.Min(PerSegment, profileBytes - (i * PerSegment)));
            metadata.Add(HostileFormats.Segment(0xE2, [.. "ICC_PROFILE"u8, 0, (byte)(i + 1), (byte)segments, .. part]));
        }

        return InsertAfterStart(TestImages.Jpeg(256, 256, Navy, quality: 90), metadata);
    }

    private static byte[] JpegWithExif(byte[] tiff) =>
        InsertAfterStart(TestImages.Jpeg(256, 256, Navy, quality: 90), [HostileFormats.Segment(0xE1, [.. "Exif"u8, 0, 0, .. tiff])]);

    private static byte[] JpegWithExtendedExif(int segments)
    {
        byte[] first = HostileFormats.ExifBlock(4, 6);
        var metadata = new List<byte[]> { HostileFormats.Segment(0xE1, [.. "Exif"u8, 0, 0, .. first]) };
        byte[] filler = TestImages.RandomBytes(65_527, seed: 9);
        for (int i = 1; i < segments; i++)
        {
            metadata.Add(HostileFormats.Segment(0xE1, [.. "Exif"u8, 0, 0, .. filler]));
        }

        return InsertAfterStart(TestImages.Jpeg(256, 256, Navy, quality: 90), metadata);
    }

    /// <summary>Inserts segments right after a JPEG's start-of-image marker.</summary>
    private static byte[] InsertAfterStart(byte[] jpeg, IEnumerable<byte[]> segments) => [.. jpeg[..2], .. segments.SelectMany(s => s), .. jpeg[2..]];

    private static byte[] Encode<TPixel>(int width, int height, TPixel colour, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(width, height, colour);
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }
}
