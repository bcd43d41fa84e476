using System.Text.Json;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Trainer.Export;

/// <summary>
/// The manifest's key facts as ONNX <c>metadata_props</c>, so a model file found on its own still says what it is
/// and how to feed it. Values are the manifest's own JSON shapes.
/// </summary>
internal static class OnnxModelMetadata
{
    public const string VersionKey = "fashionserverless.version";
    public const string LabelsKey = "fashionserverless.labels";
    public const string GroupsKey = "fashionserverless.groups";
    public const string PreprocessingKey = "fashionserverless.preprocessing";
    public const string DecisionKey = "fashionserverless.decision";


    public static Dictionary<string, string> Describe(
        string version,
        IReadOnlyList<string> labels,
        IReadOnlyDictionary<string, IReadOnlyList<string>> groups,
        PreprocessingSpec preprocessing,
        DecisionRule decision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentNullException.ThrowIfNull(decision);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [VersionKey] = version,
            [LabelsKey] = string.Join(',', labels),
            [GroupsKey] = JsonSerializer.Serialize(groups, ManifestJson.CompactOptions),
            [PreprocessingKey] = JsonSerializer.Serialize(preprocessing, ManifestJson.CompactOptions),
            [DecisionKey] = JsonSerializer.Serialize(decision, ManifestJson.CompactOptions),
        };
    }
}
