namespace FashionServerless.Shared.Feedback;

/// <summary>One feedback blob as read: its record, or why it cannot be used.</summary>
/// <param name="BlobName">The blob name in the metrics container.</param>
/// <param name="Record">The review; null when <paramref name="Error"/> says why it is unusable.</param>
/// <param name="Error">Why the blob is not valid feedback; null when it is.</param>
public sealed record FeedbackEntry(string BlobName, FeedbackRecord? Record, string? Error);
