namespace FashionServerless.Shared.Inference;

/// <summary>Why a model was refused at load; none of them goes away by retrying with the same files.</summary>
public enum ModelLoadFailure
{
    /// <summary>The model bytes' SHA-256 is not the one the manifest records: wrong or tampered file.</summary>
    IntegrityMismatch,

    /// <summary>ONNX Runtime cannot load the bytes as a model (truncated, corrupt, not ONNX).</summary>
    InvalidModel,

    /// <summary>The graph's input or output names, element types or shapes differ from what the manifest says.</summary>
    InterfaceMismatch,

    /// <summary>
    /// The manifest names a preprocessing version this build cannot run (a model trained by a newer trainer): serving
    /// it with another version's pixels would silently cost accuracy, so it is refused.
    /// </summary>
    UnsupportedPreprocessing,

    /// <summary>The manifest contradicts itself (a label without a threshold, a group naming an unknown label, ...).</summary>
    InvalidManifest,
}
