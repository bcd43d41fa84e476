using System.Text.Json.Serialization;

namespace FashionServerless.Shared.Predictions;

/// <summary>
/// One small message per decision, for downstream systems (a catalogue, a search index) that react instead of polling
/// the records. Delivery is at least once: the same decision can arrive again (a redelivered upload re-sends it), so a
/// consumer keys on (<see cref="Path"/>, <see cref="ETag"/>, <see cref="ModelVersion"/>) and treats a repeat as done.
/// Serialised by <see cref="ToJson"/> (compact, camelCase, nulls left out).
/// </summary>
public sealed record ClassifiedMessage
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The upload's container, e.g. <c>uploads</c>.</summary>
    public required string Container { get; init; }

    /// <summary>The upload's blob name inside <see cref="Container"/>, e.g. <c>2026/06/photo.jpg</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The upload's ETag the decision was made from (as the record's <c>sourceETag</c>: no quotes).</summary>
    [JsonPropertyName("etag")]
    public required string ETag { get; init; }

    /// <summary><see cref="PredictionStatus.Classified"/>, <see cref="PredictionStatus.Uncertain"/> or <see cref="PredictionStatus.Rejected"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The decided colour, as tagged; null when none was decided.</summary>
    public string? Colour { get; init; }

    /// <summary>The decided garment, as tagged; null when none was decided.</summary>
    public string? Garment { get; init; }

    /// <summary>Every label the decision names (classified and uncertain); null for a rejection.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The rejection reason code (rejected only).</summary>
    public string? Reason { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>The record's blob name in the predictions container, for the scores and the rest.</summary>
    public required string Record { get; init; }

    public required DateTimeOffset ProcessedAt { get; init; }

    /// <summary>The message as queued: compact JSON, camelCase, nulls left out.</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, Manifest.ManifestJson.CompactOptions);

    /// <summary>The message for <paramref name="record"/> of an upload in <paramref name="container"/>.</summary>
    public static ClassifiedMessage From(string container, PredictionRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentNullException.ThrowIfNull(record);
        Dictionary<string, string> tags = UploadTags.For(record);
        return new ClassifiedMessage
        {
            Container = container,
            Path = record.Source,
            ETag = record.SourceETag,
            Status = record.Status,
            Colour = tags.GetValueOrDefault(UploadTags.Colour),
            Garment = tags.GetValueOrDefault(UploadTags.Garment),
            Labels = record.Labels,
            Reason = record.Rejection?.Reason,
            ModelVersion = record.ModelVersion,
            Record = PredictionBlobNames.RecordFor(record.Source),
            ProcessedAt = record.ProcessedAt,
        };
    }
}
