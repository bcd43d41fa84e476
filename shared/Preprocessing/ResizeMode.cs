namespace FashionServerless.Shared.Preprocessing;

/// <summary>How an image is fitted to the model's square input.</summary>
public enum ResizeMode
{
    /// <summary>Stretch to the target size, ignoring aspect ratio (what the reference Keras study did).</summary>
    Stretch,

    /// <summary>Scale to fit, keeping the aspect ratio, and pad the rest with white.</summary>
    PadToSquare,
}
