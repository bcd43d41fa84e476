namespace FashionServerless.Shared.Preprocessing;

public static class ImageRejectionReasonExtensions
{
    public static string ToCode(this ImageRejectionReason reason) => reason switch
    {
        ImageRejectionReason.NotAnImage => "not_an_image",
        ImageRejectionReason.UnsupportedFormat => "unsupported_format",
        ImageRejectionReason.TooLarge => "too_large",
        ImageRejectionReason.Corrupt => "corrupt",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
