namespace FashionServerless.Shared.Registry;

/// <summary>
/// Stored content does not match what it claims: a model whose SHA-256 differs from its manifest (or from the pointer),
/// a manifest for another version, or an unreadable manifest or pointer. Such a model must never serve.
/// </summary>
public sealed class ModelIntegrityException : ModelRegistryException
{
    public ModelIntegrityException()
    {
    }

    public ModelIntegrityException(string message)
        : base(message)
    {
    }

    public ModelIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Version { get; init; }

    /// <summary>The SHA-256 the manifest or pointer promised, when the failure is a hash mismatch.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>The SHA-256 of the bytes actually stored, when the failure is a hash mismatch.</summary>
    public string? ActualSha256 { get; init; }
}
