namespace FashionServerless.Shared.Predictions;

/// <summary>Why an upload was rejected.</summary>
/// <param name="Reason">A reason code: <c>not_an_image</c>, <c>unsupported_format</c>, <c>too_large</c> or <c>corrupt</c>.</param>
/// <param name="Message">What exactly is wrong, for a person.</param>
public sealed record PredictionRejection(string Reason, string Message);
