using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Turns encoded images into model input, the same way for training and serving: format allow-list by header,
/// size limits from the header before decoding, truncation check, EXIF orientation, alpha onto white, resize
/// per <see cref="PreprocessingSpec"/>, then <c>[3,H,W]</c> RGB values divided by <see cref="PreprocessingSpec.Scale"/>.
/// The spec's <see cref="PreprocessingSpec.Version"/> chooses the JPEG decoder: ImageSharp at full size (1) or
/// libjpeg-turbo at reduced size (2). Thread-safe: it holds only immutable state.
/// </summary>
public sealed class ImagePreprocessor
{
    private readonly float[] _valueByByte;
    private readonly Action<IImageProcessingContext> _orientAndResize;
    private readonly Size? _scaledJpeg;
    private readonly DecodingMemoryBudget _budget;

    /// <exception cref="ArgumentException">The spec or the limits are invalid.</exception>
    /// <exception cref="NotSupportedException">This build does not know the spec's preprocessing version.</exception>
    public ImagePreprocessor(PreprocessingSpec spec, ImageLimits? limits = null)
        : this(spec, limits, DecodingMemoryBudget.Process)
    {
    }

    /// <param name="spec">How to preprocess.</param>
    /// <param name="limits">What to accept.</param>
    /// <param name="budget">Bounds the pixel memory of the decodes in flight; the process-wide one unless a test needs its own.</param>
    internal ImagePreprocessor(PreprocessingSpec spec, ImageLimits? limits, DecodingMemoryBudget budget)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
        Limits = limits ?? ImageLimits.Default;
        if (spec.Width <= 0 || spec.Height <= 0 || !(spec.Scale > 0) || !string.Equals(spec.ChannelOrder, "RGB", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unsupported preprocessing spec {spec}: width and height must be positive, scale positive, channel order RGB.", nameof(spec));
        }

        if (!spec.IsVersionSupported)
        {
            throw new NotSupportedException(
                $"Preprocessing version {spec.Version} is not supported by this build (supported: {string.Join(", ", PreprocessingSpec.SupportedVersions)}).");
        }

        if (Limits.MaxBytes <= 0 || Limits.MaxPixels <= 0)
        {
            throw new ArgumentException($"Image limits must be positive: {Limits}.", nameof(limits));
        }

        // A table keeps value/Scale bit-identical everywhere (training, ONNX serving) and skips a division per value.
        _valueByByte = new float[256];
        for (int i = 0; i < _valueByByte.Length; i++)
        {
            _valueByByte[i] = i / spec.Scale;
        }

        var resize = new ResizeOptions
        {
            Size = new Size(spec.Width, spec.Height),
            // Stretch matches the reference study's cv2.resize to 96x96; Pad fits inside and fills with white.
            Mode = spec.ResizeMode == ResizeMode.PadToSquare ? SixLabors.ImageSharp.Processing.ResizeMode.Pad : SixLabors.ImageSharp.Processing.ResizeMode.Stretch,
            Sampler = KnownResamplers.Triangle,
            PadColor = Color.White,
        };
        _orientAndResize = context => context.AutoOrient().Resize(resize);
        _scaledJpeg = spec.Version == PreprocessingSpec.ScaledJpegVersion ? new Size(spec.Width, spec.Height) : null;
    }

    public PreprocessingSpec Spec { get; }

    public ImageLimits Limits { get; }

    /// <summary>Decodes and preprocesses one image into a new <c>[3,H,W]</c> float array (length <see cref="PreprocessingSpec.ValuesPerImage"/>).</summary>
    /// <exception cref="ImageRejectedException">The input is not an acceptable image.</exception>
    public float[] Preprocess(ReadOnlySpan<byte> encoded)
    {
        var values = new float[Spec.ValuesPerImage];
        PreprocessInto(encoded, values);
        return values;
    }

    /// <summary>Reads the stream (at most <see cref="ImageLimits.MaxBytes"/> + 1 bytes) and preprocesses it.</summary>
    /// <exception cref="ImageRejectedException">The input is not an acceptable image.</exception>
    public async Task<float[]> PreprocessAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var values = new float[Spec.ValuesPerImage];
        await PreprocessIntoAsync(stream, values, cancellationToken);
        return values;
    }

    /// <summary>Reads the stream (at most <see cref="ImageLimits.MaxBytes"/> + 1 bytes) and writes its <c>[3,H,W]</c> values into <paramref name="destination"/>.</summary>
    /// <exception cref="ImageRejectedException">The input is not an acceptable image.</exception>
    public async Task PreprocessIntoAsync(Stream stream, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckDestination(destination.Length);
        (byte[] buffer, int length) = await BoundedStreamReader.ReadAsync(stream, Limits.MaxBytes, cancellationToken);
        try
        {
            PreprocessArray(buffer, 0, length, destination.Span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes one image's <c>[3,H,W]</c> values into <paramref name="destination"/> (exactly <see cref="PreprocessingSpec.ValuesPerImage"/> long), e.g. a slice of a batch buffer.</summary>
    /// <exception cref="ImageRejectedException">The input is not an acceptable image.</exception>
    public void PreprocessInto(ReadOnlySpan<byte> encoded, Span<float> destination)
    {
        CheckDestination(destination.Length);
        CheckLength(encoded.Length);

        // ImageSharp 2.x identifies from streams only, so span input is copied once into a pooled array.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            encoded.CopyTo(buffer);
            PreprocessArray(buffer, 0, encoded.Length, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/>, a <c>[N,3,H,W]</c> buffer with room for at least <c>images.Count</c>
    /// images, one slot per input in order. A rejected image's slot is zero-filled and reported in the result; nothing
    /// is skipped, so slot i always belongs to image i. Slots past <c>images.Count</c> are left untouched.
    /// </summary>
    /// <param name="maxDegreeOfParallelism">How many images to decode at once; 1 decodes on the calling thread.</param>
    public BatchPreprocessResult PreprocessBatch(IReadOnlyList<ReadOnlyMemory<byte>> images, Memory<float> destination, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        int perImage = Spec.ValuesPerImage;
        if (destination.Length < (long)images.Count * perImage)
        {
            throw new ArgumentException($"The batch buffer holds {destination.Length} values but {images.Count} images need {(long)images.Count * perImage}.", nameof(destination));
        }

        var rejections = new ImageRejectedException?[images.Count];
        if (maxDegreeOfParallelism == 1 || images.Count < 2)
        {
            for (int i = 0; i < images.Count; i++)
            {
                rejections[i] = TryPreprocessMemory(images[i], destination.Span.Slice(i * perImage, perImage));
            }
        }
        else
        {
            Parallel.For(0, images.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
                rejections[i] = TryPreprocessMemory(images[i], destination.Span.Slice(i * perImage, perImage)));
        }

        return new BatchPreprocessResult(images.Count, rejections);
    }

    private ImageRejectedException? TryPreprocessMemory(ReadOnlyMemory<byte> encoded, Span<float> destination)
    {
        try
        {
            if (MemoryMarshal.TryGetArray(encoded, out ArraySegment<byte> segment))
            {
                CheckLength(segment.Count);
                PreprocessArray(segment.Array!, segment.Offset, segment.Count, destination);
            }
            else
            {
                PreprocessInto(encoded.Span, destination);
            }

            return null;
        }
        catch (ImageRejectedException rejection)
        {
            destination.Clear();
            return rejection;
        }
    }

    private void PreprocessArray(byte[] array, int offset, int count, Span<float> destination)
    {
        CheckLength(count);
        using DecodedImage decoded = SafeImageDecoder.Decode(array, offset, count, Limits.MaxPixels, _budget, _scaledJpeg);
        Image image = decoded.Image;
        switch (image)
        {
            case Image<Rgb24> rgb:
                rgb.Mutate(_orientAndResize);
                ChwTensorWriter.Write(rgb, _valueByByte, destination);
                break;
            case Image<Rgba32> rgba:
                if (!decoded.Opaque)
                {
                    ChwTensorWriter.FlattenOntoWhite(rgba);
                }

                rgba.Mutate(_orientAndResize);
                ChwTensorWriter.Write(rgba, _valueByByte, destination);
                break;
            default:
                throw new InvalidOperationException($"Unexpected decoded pixel type {image.PixelType}.");
        }
    }

    private void CheckLength(int length)
    {
        if (length == 0)
        {
            throw new ImageRejectedException(ImageRejectionReason.NotAnImage, "The data is empty.");
        }

        if (length > Limits.MaxBytes)
        {
            throw new ImageRejectedException(ImageRejectionReason.TooLarge, $"The image is {length} bytes, over the limit of {Limits.MaxBytes} bytes.");
        }
    }

    private void CheckDestination(int length)
    {
        if (length != Spec.ValuesPerImage)
        {
            throw new ArgumentException($"The destination holds {length} values; one {Spec.Width}x{Spec.Height} RGB image needs exactly {Spec.ValuesPerImage}.", nameof(length));
        }
    }
}
