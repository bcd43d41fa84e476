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

    /// <summary>
    /// Whether ONNX Runtime's worker threads spin (busy-wait) between and after runs instead of sleeping. Off by
    /// default: ORT's own default (on) suits back-to-back batch loops, but a serving host runs one small inference per
    /// request with I/O in between, and the spinning then burnt about 40 % of the classifying process's CPU (profiled
    /// with perf; README, Performance).
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Limits for the encoded-image overloads.</summary>
    public ImageLimits ImageLimits { get; init; } = ImageLimits.Default;
}
