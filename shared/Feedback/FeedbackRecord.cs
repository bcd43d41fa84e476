namespace FashionServerless.Shared.Feedback;

/// <summary>
/// A reviewer's true labels for one upload, written as JSON (<see cref="Manifest.ManifestJson"/>, camelCase) to
/// <c>metrics/feedback/&lt;upload path&gt;.json</c>. It names the upload's ETag, so a later upload to the same path is
/// never judged by a review of the earlier content.
/// </summary>
public sealed record FeedbackRecord
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The upload's blob name inside the uploads container, e.g. <c>2026/06/photo.jpg</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The upload's ETag (without quotes, as prediction records store it) when the review was written.</summary>
    public required string SourceETag { get; init; }

    /// <summary>The true labels: exactly one per label group (one colour, one garment), in label order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Who reviewed, when known (free text: a name or an e-mail address).</summary>
    public string? Reviewer { get; init; }

    public required DateTimeOffset ReviewedAt { get; init; }

    /// <summary>What the model had said when the review was written (null when the upload had no record yet), for audit.</summary>
    public IReadOnlyList<string>? PredictedLabels { get; init; }

    /// <summary>The model version whose prediction <see cref="PredictedLabels"/> is.</summary>
    public string? PredictedModelVersion { get; init; }
}
