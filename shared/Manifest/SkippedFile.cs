namespace FashionServerless.Shared.Manifest;

/// <summary>An input that was left out of a run, and why (a reason code such as <c>corrupt</c>, and the message).</summary>
public sealed record SkippedFile(string Path, string Reason, string Message);
