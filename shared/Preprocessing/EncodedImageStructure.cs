using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Checks that an encoded image is complete before it is decoded. ImageSharp 2.x decodes a truncated JPEG, PNG,
/// GIF, BMP or WebP without any error, filling the missing part with black or transparent pixels; an upload cut
/// off mid-transfer would then be classified (or trained on) as a half-black photo. Walking the container
/// structure is cheap (it skips over the compressed data) and turns those into <c>corrupt</c> rejections.
/// </summary>
internal static class EncodedImageStructure
{
    /// <summary>Describes why the data is incomplete, or returns null when its structure is whole.</summary>
    public static string? FindDefect(IImageFormat format, ReadOnlySpan<byte> data) => format switch
    {
        JpegFormat => JpegStructure.FindDefect(data),
        PngFormat => PngStructure.FindDefect(data),
        GifFormat => GifStructure.FindDefect(data),
        BmpFormat => BmpStructure.FindDefect(data),
        WebpFormat => WebpStructure.FindDefect(data),
        _ => null,
    };
}
