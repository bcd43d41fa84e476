using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Feedback;

/// <summary>
/// How right the live predictions were on the uploads reviewers labelled: every review joined with its upload's
/// prediction record, scored per model version with that version's own decision rule. Part of each evaluation report.
/// </summary>
public sealed record LiveAccuracyReport
{
    /// <summary>Feedback blobs read.</summary>
    public required long Reviews { get; init; }

    /// <summary>Reviews joined with a prediction of the same upload content and scored into <see cref="Models"/>.</summary>
    public required long Scored { get; init; }

    /// <summary>Per model version (oldest version first): the metrics of its predictions on reviewed uploads.</summary>
    public required IReadOnlyList<LiveModelAccuracy> Models { get; init; }

    /// <summary>
    /// Reviews left out, with why: <c>invalid_feedback</c>, <c>not_classified</c> (no record yet), <c>stale</c> (the upload
    /// changed after the review), <c>rejected</c> (the upload was rejected, so there are no scores), <c>unknown_model</c>,
    /// <c>unknown_label</c> (the model version does not know a reviewed label) or <c>unreadable_record</c>.
    /// </summary>
    public required IReadOnlyList<SkippedFile> Skipped { get; init; }
}
