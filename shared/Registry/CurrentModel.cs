using Azure;

namespace FashionServerless.Shared.Registry;

/// <summary>The pointer as read, with the ETag to pass to a conditional promote or rollback.</summary>
/// <param name="Content">The content of <c>current.json</c>.</param>
/// <param name="ETag">The pointer blob's ETag when read (or written).</param>
public sealed record CurrentModel(ModelPointer Content, ETag ETag)
{
    /// <summary>The version that serves.</summary>
    public string Version => Content.Version;
}
