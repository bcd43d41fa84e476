namespace FashionServerless.Shared.Manifest;

/// <summary>The reviewed uploads a model was trained on besides its labelled set (<c>train --with-feedback</c>).</summary>
/// <param name="Count">Reviewed uploads added to the training data, each under its reviewed class.</param>
/// <param name="From">The earliest review added; null when none was.</param>
/// <param name="To">The latest review added; null when none was.</param>
/// <param name="Skipped">Reviews not used, with why (stale, upload missing, no such class, invalid).</param>
public sealed record ReviewedTrainingData(int Count, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<SkippedFile> Skipped);
