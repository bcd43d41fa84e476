using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// The ImageSharp configurations. Decoding uses one that holds only the allowed formats, so no other decoder
/// (TIFF, TGA, PBM, with their larger attack surface) can ever run on uploaded bytes. A second configuration
/// knows every format but is only used to name a rejected format; it never decodes.
/// </summary>
internal static class AllowedImageFormats
{
    public const string Names = "JPEG, PNG, WebP, BMP, GIF";

    private static ReadOnlySpan<byte> Jpeg2000Box => [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];

    private static ReadOnlySpan<byte> Jpeg2000Codestream => [0xFF, 0x4F, 0xFF, 0x51];

    private static ReadOnlySpan<byte> JpegXlCodestream => [0xFF, 0x0A];

    private static ReadOnlySpan<byte> JpegXlBox => [0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20];

    public static Configuration Decoding { get; } = CreateDecodingConfiguration();

    public static Configuration Recognition { get; } = new(
        new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule(),
        new BmpConfigurationModule(), new GifConfigurationModule(), new TiffConfigurationModule(),
        new TgaConfigurationModule(), new PbmConfigurationModule());

    private static Configuration CreateDecodingConfiguration()
    {
        var configuration = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule(),
            new BmpConfigurationModule(), new GifConfigurationModule())
        {
            // Callers parallelise across images (batches, concurrent requests); splitting one small resize
            // across threads only adds contention.
            MaxDegreeOfParallelism = 1,
        };

        // Only the first frame is used, so the others are never decoded (an animated GIF can hold thousands).
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        // PNG metadata is never used (orientation comes from JPEG EXIF), and ImageSharp 2.x inflates compressed text
        // chunks (zTXt, iTXt) whole: a 16x16 PNG with a 256 MiB text bomb cost 1.6 GiB and 11 s of CPU before this.
        configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        return configuration;
    }

    /// <summary>Names an image format outside the allow-list from its header, or returns null for unknown bytes.</summary>
    public static string? RecogniseOtherFormat(ReadOnlySpan<byte> header)
    {
        IImageFormat? known = Image.DetectFormat(Recognition, header);
        if (known is not null)
        {
            return known.Name;
        }

        // Formats ImageSharp cannot read at all but that phones and editors commonly produce.
        if (header.Length >= 12 && header.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            ReadOnlySpan<byte> brand = header.Slice(8, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
            {
                return "AVIF";
            }

            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8))
            {
                return "HEIF";
            }
        }

        if (header.StartsWith("8BPS"u8))
        {
            return "PSD";
        }

        if (header.StartsWith(Jpeg2000Box) || header.StartsWith(Jpeg2000Codestream))
        {
            return "JPEG 2000";
        }

        return header.StartsWith(JpegXlCodestream) || header.StartsWith(JpegXlBox)
            ? "JPEG XL"
            : null;
    }
}
