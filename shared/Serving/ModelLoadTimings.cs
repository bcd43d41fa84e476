namespace FashionServerless.Shared.Serving;

/// <summary>Where a model load's time went: the parts of a cold start that belong to the model.</summary>
/// <param name="Download">Pointer, manifest and model from the registry (the registry's own SHA-256 check of the bytes included).</param>
/// <param name="HashCheck">The classifier's SHA-256 check of the bytes against the manifest.</param>
/// <param name="SessionCreation">ONNX Runtime session creation (the native library's loading and graph optimisation included) and the graph interface check.</param>
public sealed record ModelLoadTimings(TimeSpan Download, TimeSpan HashCheck, TimeSpan SessionCreation)
{
    public static ModelLoadTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Download + HashCheck + SessionCreation;
}
