namespace FashionServerless.Shared.Serving;

/// <summary>
/// No model can serve yet: none has been promoted, or the only candidate was refused. Transient by nature (a
/// promotion fixes it), so callers such as the blob trigger let it propagate and the host retries.
/// </summary>
public sealed class ModelUnavailableException : Exception
{
    public ModelUnavailableException()
    {
    }

    public ModelUnavailableException(string message)
        : base(message)
    {
    }

    public ModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the registry has no <c>current.json</c> at all.</summary>
    public bool NonePublished { get; init; }
}
