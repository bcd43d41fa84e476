using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Preprocessing version 2's JPEG decoder: libjpeg-turbo through SkiaSharp's codec, at the reduced size
/// <see cref="JpegDecodeScale"/> chooses, straight into an ImageSharp image that carries the orientation ImageSharp
/// read from the header, so orientation and resizing run exactly as in version 1. Only the pixel decoding differs.
/// Called after <see cref="SafeImageDecoder"/>'s checks (allow-list, structure, dimensions).
/// </summary>
internal static class ScaledJpegDecoder
{
    // A contiguous pixel buffer lets the codec write the whole image in one call.
    private static readonly Configuration Pixels = new() { PreferContiguousImageBuffers = true, MaxDegreeOfParallelism = 1 };

    /// <param name="data">The whole JPEG.</param>
    /// <param name="header">What ImageSharp read from the header: dimensions and EXIF orientation.</param>
    /// <param name="minWidth">Display width the decoded image must keep at least.</param>
    /// <param name="minHeight">Display height the decoded image must keep at least.</param>
    /// <param name="reservePixels">Called with the output's pixel count once the scale is chosen, before the pixel buffer is allocated.</param>
    /// <exception cref="ImageRejectedException">The codec cannot read the data (<c>corrupt</c>) or this JPEG variant (<c>unsupported_format</c>).</exception>
    public static unsafe Image<Rgba32> Decode(ReadOnlySpan<byte> data, IImageInfo header, int minWidth, int minHeight, Action<long> reservePixels)
    {
        ArgumentNullException.ThrowIfNull(reservePixels);
        fixed (byte* start = data)
        {
            // The codec reads the caller's bytes in place; they stay pinned until it is disposed.
            using SKData encoded = SKData.Create((IntPtr)start, data.Length);
            using SKCodec codec = SKCodec.Create(encoded)
                ?? throw Corrupt("libjpeg-turbo cannot read its header.");
            if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
            {
                throw Corrupt($"its headers disagree about its size ({header.Width}x{header.Height} and {codec.Info.Width}x{codec.Info.Height}).");
            }

            ushort orientation = OrientationOf(header);
            int denominator = JpegDecodeScale.Choose(d => Size(codec.GetScaledDimensions(1f / d)), swapsAxes: orientation is >= 5 and <= 8, minWidth, minHeight);
            (int width, int height) = denominator == 1 ? (header.Width, header.Height) : Size(codec.GetScaledDimensions(1f / denominator));
            reservePixels((long)width * height);
            var image = new Image<Rgba32>(Pixels, width, height);
            try
            {
                if (!image.DangerousTryGetSinglePixelMemory(out Memory<Rgba32> pixels))
                {
                    throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The image needs a {width}x{height} pixel buffer, more than can be allocated in one piece.");
                }

                var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
                SKCodecResult result;
                using (MemoryHandle pinned = pixels.Pin())
                {
                    result = codec.GetPixels(info, (IntPtr)pinned.Pointer, info.RowBytes, new SKCodecOptions(SKZeroInitialized.No));
                }

                if (result != SKCodecResult.Success)
                {
                    throw result == SKCodecResult.Unimplemented
                        ? new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, "This JPEG variant is not supported by libjpeg-turbo.")
                        : Corrupt($"libjpeg-turbo stopped decoding it ({result}).");
                }

                if (orientation != 1)
                {
                    image.Metadata.ExifProfile = new ExifProfile();
                    image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
                }

                return image;
            }
            catch
            {
                image.Dispose();
                throw;
            }
        }
    }

    /// <summary>The EXIF orientation ImageSharp's <c>AutoOrient</c> would apply (1 when absent or out of range).</summary>
    private static ushort OrientationOf(IImageInfo header)
    {
        // An EXIF block that cannot be parsed gives no orientation (see SafeImageDecoder.DropUnreadableExif).
        SafeImageDecoder.DropUnreadableExif(header.Metadata);
        IExifValue<ushort>? value = header.Metadata.ExifProfile?.GetValue(ExifTag.Orientation);
        return value?.Value is ushort orientation and >= 1 and <= 8 ? orientation : (ushort)1;
    }

    private static (int Width, int Height) Size(SKSizeI size) => (size.Width, size.Height);

    private static ImageRejectedException Corrupt(string cause) => new(ImageRejectionReason.Corrupt, $"The JPEG image is corrupt: {cause}");
}
