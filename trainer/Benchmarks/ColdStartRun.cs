namespace FashionServerless.Trainer.Benchmarks;

/// <summary>One cold start, measured inside a fresh process from its first line of bench code to the first classified upload.</summary>
/// <param name="RuntimeStartMs">From the parent starting the process to the child's bench code: the .NET runtime's own start and the command line's parsing.</param>
/// <param name="FirstRequestMs">The process's first storage request: client, connection, the storage SDK's first use.</param>
/// <param name="DownloadMs">Pointer, manifest and model from the registry, and the registry's SHA-256 check.</param>
/// <param name="HashCheckMs">The classifier's SHA-256 check of the model bytes.</param>
/// <param name="SessionMs">ONNX Runtime session creation and the graph interface check.</param>
/// <param name="ModelOtherMs">The rest of the first model lease (the provider's own work around the three parts).</param>
/// <param name="FirstInferenceMs">The first upload's decode + preprocess + inference, as its record's <c>elapsedMs</c> says (cold code paths).</param>
/// <param name="FirstUploadStorageMs">The first upload's storage requests and the rest of its handling (download, record state, record write).</param>
internal sealed record ColdStartRun(
    double RuntimeStartMs, double FirstRequestMs, double DownloadMs, double HashCheckMs, double SessionMs, double ModelOtherMs, double FirstInferenceMs, double FirstUploadStorageMs)
{
    /// <summary>Process CPU (every thread) of the first storage request.</summary>
    public double FirstRequestCpuMs { get; init; }

    /// <summary>Process CPU of the first model lease: download, hash checks, session creation.</summary>
    public double ModelCpuMs { get; init; }

    /// <summary>Process CPU of the first upload: storage, decode, preprocess, inference, record.</summary>
    public double FirstUploadCpuMs { get; init; }

    /// <summary>Process CPU from the process's start to the first classified upload, the runtime's start included.</summary>
    public double ProcessCpuMs { get; init; }

    /// <summary>From the bench code's start to the first classified upload (the runtime's start excluded, as the target says).</summary>
    public double TotalMs => FirstRequestMs + DownloadMs + HashCheckMs + SessionMs + ModelOtherMs + FirstInferenceMs + FirstUploadStorageMs;
}
