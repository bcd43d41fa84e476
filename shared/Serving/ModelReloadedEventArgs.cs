namespace FashionServerless.Shared.Serving;

/// <summary>A new model version started serving.</summary>
public sealed class ModelReloadedEventArgs(string? previousVersion, string version, string sha256) : EventArgs
{
    /// <summary>The version it replaced; null for the first load.</summary>
    public string? PreviousVersion { get; } = previousVersion;

    /// <summary>The version now serving.</summary>
    public string Version { get; } = version;

    /// <summary>Its verified SHA-256.</summary>
    public string Sha256 { get; } = sha256;

    /// <summary>How long each part of loading it took (the cold start's model parts, on the first load).</summary>
    public ModelLoadTimings Timings { get; init; } = ModelLoadTimings.Zero;
}
