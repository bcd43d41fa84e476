using FashionServerless.Shared.Predictions;

namespace FashionServerless.Shared.Evaluation;

/// <summary>One line of the traffic log: what the live-traffic summary needs of a prediction record, and nothing else.</summary>
/// <param name="ProcessedAt">When the record was made.</param>
/// <param name="Status">The record's status.</param>
/// <param name="Labels">The labels it predicts (classified and uncertain).</param>
/// <param name="Reason">The rejection reason code (rejected).</param>
/// <param name="ModelVersion">The model that made it.</param>
internal sealed record TrafficEntry(DateTimeOffset ProcessedAt, string Status, IReadOnlyList<string>? Labels, string? Reason, string ModelVersion)
{
    public static TrafficEntry From(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new TrafficEntry(record.ProcessedAt, record.Status, record.Rejection is null ? record.Labels ?? [] : null, record.Rejection?.Reason, record.ModelVersion);
    }
}
