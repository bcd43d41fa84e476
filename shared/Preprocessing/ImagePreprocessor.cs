namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Turns encoded images into model input, the same way for training and serving. Thread-safe.
/// CONTRACT (implementation pending): see the issue text for the full requirements.
/// </summary>
public sealed class ImagePreprocessor(PreprocessingSpec spec, ImageLimits? limits = null)
{
    public PreprocessingSpec Spec { get; } = spec ?? throw new ArgumentNullException(nameof(spec));

    public ImageLimits Limits { get; } = limits ?? ImageLimits.Default;

    /// <summary>Decodes and preprocesses one image into a new <c>[3,H,W]</c> float array (length <see cref="PreprocessingSpec.ValuesPerImage"/>).</summary>
    /// <exception cref="ImageRejectedException">The input is not an acceptable image.</exception>
    public float[] Preprocess(ReadOnlySpan<byte> encoded)
    {
        var values = new float[Spec.ValuesPerImage];
        PreprocessInto(encoded, values);
        return values;
    }

    /// <summary>Reads the stream (at most <see cref="ImageLimits.MaxBytes"/> + 1 bytes) and preprocesses it.</summary>
    public Task<float[]> PreprocessAsync(Stream stream, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Writes one image's <c>[3,H,W]</c> values into <paramref name="destination"/> (exactly <see cref="PreprocessingSpec.ValuesPerImage"/> long), e.g. a slice of a batch buffer.</summary>
    /// <exception cref="ImageRejectedException">The input is not an acceptable image.</exception>
    public void PreprocessInto(ReadOnlySpan<byte> encoded, Span<float> destination) => throw new NotImplementedException();
}
