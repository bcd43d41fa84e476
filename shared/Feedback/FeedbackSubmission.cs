namespace FashionServerless.Shared.Feedback;

/// <summary>What <see cref="FeedbackStore.SubmitAsync"/> wrote.</summary>
/// <param name="BlobName">The feedback blob in the metrics container.</param>
/// <param name="Record">The review written.</param>
/// <param name="Previous">The review it replaced; null for the first review of the upload.</param>
public sealed record FeedbackSubmission(string BlobName, FeedbackRecord Record, FeedbackRecord? Previous);
