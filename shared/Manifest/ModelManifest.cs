using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Manifest;

/// <summary>
/// Everything needed to serve, audit and reproduce one model version; written as <c>manifest.json</c> next to
/// <c>model.onnx</c>. Serialized with <see cref="ManifestJson.Options"/> (camelCase).
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Sortable, unique version id, e.g. <c>20261128T120000Z-3f2a9c1d</c>.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Labels in model output order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Label groups (colour, garment): group name to its labels.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Groups { get; init; }

    public required PreprocessingSpec Preprocessing { get; init; }

    /// <summary>
    /// How scores become labels. Null in manifests written before the rule was recorded: those decide each label by
    /// <see cref="Thresholds"/>.
    /// </summary>
    public DecisionRule? Decision { get; init; }

    /// <summary>Per-label decision threshold on the sigmoid score, chosen on the validation split (the thresholds rule only).</summary>
    public IReadOnlyDictionary<string, float> Thresholds { get; init; } = new Dictionary<string, float>(StringComparer.Ordinal);

    public required OnnxModelInfo Onnx { get; init; }

    /// <summary>SHA-256 of <c>model.onnx</c>, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public DatasetSummary? Dataset { get; init; }

    /// <summary>Reviewed uploads added to the training data; null when the model was trained without feedback.</summary>
    public ReviewedTrainingData? ReviewedUploads { get; init; }

    /// <summary>Trainer settings (epochs, learning rate, augmentation, ...), as name/value pairs.</summary>
    public IReadOnlyDictionary<string, string> TrainerSettings { get; init; } = new Dictionary<string, string>();

    public MetricsSummary? ValidationMetrics { get; init; }

    public MetricsSummary? TestMetrics { get; init; }

    public PromotionDecision? Promotion { get; init; }
}
