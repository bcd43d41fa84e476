namespace FashionServerless.Shared.Predictions;

/// <summary>
/// The blob index tags an upload carries once it is classified, so <c>FindBlobsByTags</c> (<c>az storage blob filter</c>)
/// answers "garment = 'dress' AND colour = 'blue'" without reading records. They are derived from the record alone:
/// the record stays the source of truth and the tags follow it (a redelivery or a new model rewrites them).
/// </summary>
public static class UploadTags
{
    /// <summary><see cref="PredictionStatus.Classified"/>, <see cref="PredictionStatus.Uncertain"/> or <see cref="PredictionStatus.Rejected"/>.</summary>
    public const string Status = "status";

    /// <summary>The decided colour; absent when the record decided none (rejected, or an uncertain colour).</summary>
    public const string Colour = "colour";

    /// <summary>The decided garment; absent when the record decided none (rejected, or an uncertain garment).</summary>
    public const string Garment = "garment";

    /// <summary>The model version that made the record.</summary>
    public const string Model = "model";

    /// <summary>The rejection reason code (rejected only), e.g. <c>not_an_image</c>.</summary>
    public const string Reason = "reason";

    /// <summary>Azure's limit of tags per blob.</summary>
    public const int MaxTagsPerBlob = 10;

    /// <summary>The keys this pipeline owns; any other tag on an upload is someone else's and is kept.</summary>
    public static IReadOnlySet<string> OwnedKeys { get; } = new HashSet<string>([Status, Colour, Garment, Model, Reason], StringComparer.Ordinal);

    /// <summary>
    /// The tags that describe <paramref name="record"/>. A group's label is tagged only when the record's decision names
    /// it (it is in <see cref="PredictionRecord.Labels"/>): an uncertain group has a best label but no decision, and a
    /// query for blue dresses must not find it.
    /// </summary>
    public static Dictionary<string, string> For(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Status] = record.Status,
            [Model] = record.ModelVersion,
        };
        if (record.Rejection is { } rejection)
        {
            tags[Reason] = rejection.Reason;
        }

        IReadOnlyList<string> labels = record.Labels ?? [];
        if (record.Colour?.Label is { } colour && labels.Contains(colour, StringComparer.Ordinal))
        {
            tags[Colour] = colour;
        }

        if (record.Garment?.Label is { } garment && labels.Contains(garment, StringComparer.Ordinal))
        {
            tags[Garment] = garment;
        }

        return tags;
    }

    /// <summary>
    /// <paramref name="existing"/> with every owned key replaced by <paramref name="ours"/> (a stale owned key, such as
    /// the <c>reason</c> of an earlier rejection, is dropped) and every foreign tag kept.
    /// </summary>
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string> ours)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(ours);
        var merged = new Dictionary<string, string>(ours, StringComparer.Ordinal);
        foreach ((string key, string value) in existing)
        {
            if (!OwnedKeys.Contains(key))
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    /// <summary>Whether two tag sets are the same (tags are unordered).</summary>
    public static bool SameAs(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out string? value) && value == p.Value);
    }
}
