namespace FashionServerless.Shared.Feedback;

/// <summary>Feedback that cannot be accepted; nothing was written. <see cref="Reason"/> is a code scripts can branch on.</summary>
public sealed class FeedbackRejectedException : Exception
{
    public FeedbackRejectedException()
    {
    }

    public FeedbackRejectedException(string message)
        : base(message)
    {
    }

    public FeedbackRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FeedbackRejectedException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>
    /// <c>no_labels</c>, <c>unknown_label</c>, <c>conflicting_labels</c> (two in one exclusive group), <c>missing_label</c>
    /// (a group without one), <c>invalid_path</c>, <c>no_upload</c> or <c>no_model</c> (nothing promoted to take the labels from).
    /// </summary>
    public string Reason { get; } = "invalid";
}
