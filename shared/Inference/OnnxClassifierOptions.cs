using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Inference;

/// <summary>How an <see cref="OnnxClassifier"/> runs; what it computes comes from the model's manifest.</summary>
public sealed record OnnxClassifierOptions
{
    public static OnnxClassifierOptions Default { get; } = new();

    /// <summary>
    /// ONNX Runtime intra-op threads per inference. Default: the processor count, at most 4, because a serving host
    /// runs several inferences at once and more threads per call then only contend.
    /// </summary>
    public int IntraOpThreads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Limits for the encoded-image overloads.</summary>
    public ImageLimits ImageLimits { get; init; } = ImageLimits.Default;
}
