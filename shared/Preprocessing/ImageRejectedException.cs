namespace FashionServerless.Shared.Preprocessing;

/// <summary>An input that deterministically cannot be preprocessed; retrying will not help.</summary>
public sealed class ImageRejectedException(ImageRejectionReason reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ImageRejectionReason Reason { get; } = reason;

    /// <summary>The reason as written in records and reports: <c>not_an_image</c>, <c>unsupported_format</c>, <c>too_large</c>, <c>corrupt</c>.</summary>
    public string ReasonCode => Reason.ToCode();
}
