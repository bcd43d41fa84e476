namespace FashionServerless.Shared.Preprocessing;

/// <summary>Why an input could not be turned into a model input. Written into records as snake_case codes.</summary>
public enum ImageRejectionReason
{
    /// <summary><c>not_an_image</c>: the bytes are not any image format (text, empty, random).</summary>
    NotAnImage,

    /// <summary><c>unsupported_format</c>: a real image format outside the allow-list (TIFF, for example).</summary>
    UnsupportedFormat,

    /// <summary><c>too_large</c>: over the byte limit or the pixel limit.</summary>
    TooLarge,

    /// <summary><c>corrupt</c>: an allowed format whose data cannot be decoded (truncated, damaged).</summary>
    Corrupt,
}
