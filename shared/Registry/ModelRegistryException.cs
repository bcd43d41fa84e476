namespace FashionServerless.Shared.Registry;

/// <summary>Base of the registry's typed failures, so a caller can treat "the registry said no" apart from I/O errors.</summary>
public class ModelRegistryException : Exception
{
    public ModelRegistryException()
    {
    }

    public ModelRegistryException(string message)
        : base(message)
    {
    }

    public ModelRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
