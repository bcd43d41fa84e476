using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Decodes untrusted bytes only after they pass every cheap check: an allowed format by its header, a whole
/// container structure, and dimensions from the header within the pixel limit. Every failure is an
/// <see cref="ImageRejectedException"/> with its reason, never a decoder's own exception.
/// </summary>
internal static class SafeImageDecoder
{
    /// <summary>
    /// Returns <see cref="Image{Rgb24}"/> for JPEG (which has no alpha) and <see cref="Image{Rgba32}"/> for the other
    /// formats, whose alpha the caller must flatten (<see cref="DecodedImage.Opaque"/> false). With
    /// <paramref name="scaledJpeg"/> (preprocessing version 2), JPEG is decoded by libjpeg-turbo at reduced size instead,
    /// into an opaque <see cref="Image{Rgba32}"/> no smaller than the given display size where the photo allows. The
    /// decoded pixels are reserved in <paramref name="budget"/> (waiting for room) until the result is disposed.
    /// </summary>
    public static DecodedImage Decode(byte[] array, int offset, int count, long maxPixels, DecodingMemoryBudget budget, Size? scaledJpeg = null)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ReadOnlySpan<byte> data = array.AsSpan(offset, count);
        IImageFormat format = DetectAllowedFormat(data);

        // The structure check comes before Identify: ImageSharp 2.x reads a header cut short into a pooled buffer
        // without checking how many bytes arrived, so it would parse leftover memory and give a different error
        // (or none) from one call to the next.
        byte[]? trimmed = null;
        string? defect = format is JpegFormat ? JpegStructure.FindDefect(data, out trimmed) : EncodedImageStructure.FindDefect(format, data);
        if (defect is not null)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format.Name} image is corrupt: {defect}");
        }

        if (trimmed is not null)
        {
            (array, offset, count) = (trimmed, 0, trimmed.Length);
            data = trimmed;
        }

        using var stream = new MemoryStream(array, offset, count, writable: false);
        IImageInfo header = CheckDimensions(stream, format, maxPixels);
        // Held from just before the pixels are allocated until the caller disposes the image; given back here if
        // decoding fails.
        DecodingMemoryBudget.Reservation? reservation = null;
        try
        {
            if (format is JpegFormat && scaledJpeg is Size minimum)
            {
                // libjpeg-turbo reports damaged data as result codes, which the decoder turns into rejections; only the
                // pixel buffer's allocation can still throw, and that is the memory limit speaking.
                try
                {
                    Image<Rgba32> scaled = ScaledJpegDecoder.Decode(data, header, minimum.Width, minimum.Height, pixels => reservation = budget.ReservePixels(pixels));
                    return new DecodedImage(scaled, Opaque: true, reservation!);
                }
                catch (InvalidMemoryOperationException ex)
                {
                    throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The {format.Name} image needs more memory than allowed: {ex.Message}", ex);
                }
            }

            stream.Position = 0;
            reservation = budget.ReservePixels((long)header.Width * header.Height);
            DecodedImage decoded = format is JpegFormat
                ? new DecodedImage(Guard<Image>(format, () => Image.Load<Rgb24>(AllowedImageFormats.Decoding, stream)), Opaque: true, reservation)
                : new DecodedImage(Guard<Image>(format, () => Image.Load<Rgba32>(AllowedImageFormats.Decoding, stream)), Opaque: false, reservation);
            DropUnreadableExif(decoded.Image.Metadata);
            return decoded;
        }
        catch
        {
            reservation?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ImageSharp 2.x parses an EXIF block only when it is first read, and some hostile blocks make that read throw (IFDs
    /// that point back at themselves: InvalidOperationException from its reader). Orientation is advice about pixels that
    /// decoded fine, so an unreadable profile is dropped and the photo is used as stored.
    /// </summary>
    internal static void DropUnreadableExif(ImageMetadata metadata)
    {
        try
        {
            _ = metadata.ExifProfile?.GetValue(ExifTag.Orientation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            metadata.ExifProfile = null;
        }
    }

    private static IImageFormat DetectAllowedFormat(ReadOnlySpan<byte> data)
    {
        IImageFormat? format = Image.DetectFormat(AllowedImageFormats.Decoding, data);
        if (format is not null)
        {
            return format;
        }

        string? other = AllowedImageFormats.RecogniseOtherFormat(data);
        throw other is null
            ? new ImageRejectedException(ImageRejectionReason.NotAnImage, $"The data is not an image in any known format (accepted: {AllowedImageFormats.Names}).")
            : new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, $"{other} images are not accepted (accepted: {AllowedImageFormats.Names}).");
    }

    private static IImageInfo CheckDimensions(Stream stream, IImageFormat format, long maxPixels)
    {
        IImageInfo? info = Guard(format, () => Image.Identify(AllowedImageFormats.Decoding, stream));
        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format.Name} image header has no valid dimensions.");
        }

        long pixels = (long)info.Width * info.Height;
        if (pixels > maxPixels)
        {
            throw new ImageRejectedException(ImageRejectionReason.TooLarge,
                $"The image is {info.Width}x{info.Height} ({pixels} pixels), over the limit of {maxPixels} pixels.");
        }

        return info;
    }

    /// <summary>
    /// Maps what decoders throw on hostile or damaged input to rejections. The decoders' own bugs count too: the
    /// WebP decoder throws NullReferenceException on some damaged files, and that is still a corrupt upload, not a
    /// host crash. Only running out of memory propagates.
    /// </summary>
    private static T Guard<T>(IImageFormat format, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidMemoryOperationException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The {format.Name} image needs more memory than allowed: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new ImageRejectedException(ImageRejectionReason.UnsupportedFormat, $"This {format.Name} variant is not supported: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string cause = ex is ImageFormatException ? ex.Message : $"the decoder failed on it ({ex.GetType().Name}: {ex.Message})";
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format.Name} image is corrupt: {cause}", ex);
        }
    }
}
