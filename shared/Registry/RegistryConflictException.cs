namespace FashionServerless.Shared.Registry;

/// <summary>
/// Another writer got there first: the pointer changed since the caller read it (ETag condition failed), or the version
/// being published already exists. Re-read and decide again; nothing was overwritten.
/// </summary>
public sealed class RegistryConflictException : ModelRegistryException
{
    public RegistryConflictException()
    {
    }

    public RegistryConflictException(string message)
        : base(message)
    {
    }

    public RegistryConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
