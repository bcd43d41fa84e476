namespace FashionServerless.Shared.Inference;

/// <summary>A model version that must not serve; <see cref="Failure"/> says why, the message says exactly what.</summary>
public sealed class ModelLoadException(ModelLoadFailure failure, string modelVersion, string message, Exception? innerException = null)
    : Exception($"Model '{modelVersion}' refused ({failure}): {message}", innerException)
{
    public ModelLoadFailure Failure { get; } = failure;

    public string ModelVersion { get; } = modelVersion;
}
