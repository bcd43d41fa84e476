namespace FashionServerless.Shared.Feedback;

/// <summary>Where feedback lives: in the metrics container, beside the evaluation reports it feeds.</summary>
public static class FeedbackBlobNames
{
    /// <summary>The folder of feedback blobs in the metrics container. Model versions never look like it, so reports cannot collide.</summary>
    public const string Prefix = "feedback/";

    private const string Suffix = ".json";

    /// <summary>The feedback blob of upload <paramref name="uploadBlobName"/>: <c>feedback/&lt;upload path&gt;.json</c>.</summary>
    public static string For(string uploadBlobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadBlobName);
        return Prefix + uploadBlobName + Suffix;
    }

    /// <summary>The upload a feedback blob is about, or null when the name is not <c>feedback/&lt;path&gt;.json</c>.</summary>
    public static string? SourceOf(string feedbackBlobName)
    {
        ArgumentNullException.ThrowIfNull(feedbackBlobName);
        return feedbackBlobName.StartsWith(Prefix, StringComparison.Ordinal) && feedbackBlobName.EndsWith(Suffix, StringComparison.Ordinal)
            && feedbackBlobName.Length > Prefix.Length + Suffix.Length
            ? feedbackBlobName[Prefix.Length..^Suffix.Length]
            : null;
    }
}
