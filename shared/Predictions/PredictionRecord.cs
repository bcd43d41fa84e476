using FashionServerless.Shared.Inference;

namespace FashionServerless.Shared.Predictions;

/// <summary>
/// The outcome for one upload, written as JSON (<see cref="Manifest.ManifestJson"/>, camelCase) to
/// <c>predictions/&lt;upload path&gt;.json</c>. Both a classification and a rejection are stamped with the model that
/// made them, because the model's preprocessing spec decides what is acceptable.
/// </summary>
public sealed record PredictionRecord
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The upload's blob name inside its container, e.g. <c>2026/06/photo.jpg</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The upload's ETag when it was read: a new upload to the same name has a new one.</summary>
    public required string SourceETag { get; init; }

    /// <summary><see cref="PredictionStatus.Classified"/>, <see cref="PredictionStatus.Uncertain"/> or <see cref="PredictionStatus.Rejected"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The labels the model's decision rule predicts, in label order (classified and uncertain).</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Every label's score, in label order (classified and uncertain).</summary>
    public IReadOnlyDictionary<string, float>? Scores { get; init; }

    /// <summary>The best colour and its score (classified and uncertain).</summary>
    public GroupPrediction? Colour { get; init; }

    /// <summary>The best garment and its score (classified and uncertain).</summary>
    public GroupPrediction? Garment { get; init; }

    /// <summary>Why the upload was rejected (rejected only).</summary>
    public PredictionRejection? Rejection { get; init; }

    public required string ModelVersion { get; init; }

    public required string ModelSha256 { get; init; }

    /// <summary>Milliseconds from reading the upload to having the outcome (download, preprocessing, inference).</summary>
    public required double ElapsedMs { get; init; }

    public required DateTimeOffset ProcessedAt { get; init; }
}
