namespace FashionServerless.Shared.Registry;

/// <summary>The version was never published (or its publication never completed: the manifest is written last).</summary>
public sealed class ModelNotFoundException : ModelRegistryException
{
    public ModelNotFoundException()
    {
    }

    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    public ModelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Version { get; init; }
}
