using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Testing.Models;

/// <summary>
/// Real ONNX models for tests, exported with the trainer's exporter: a seeded untrained reference CNN, or a model
/// whose scores are fixed whatever the input (for tests that need to know which labels come out).
/// </summary>
public static class TestModels
{
    /// <summary>The reference study's labels: colours black, blue; garments dress, pants, shirt, shoes, shorts.</summary>
    public static LabelSchema ReferenceSchema { get; } = new(["black", "blue"], ["dress", "pants", "shirt", "shoes", "shorts"]);

    /// <summary>A seeded, untrained <see cref="ReferenceCnn"/> (same seed and version, same bytes), exported and parity-checked.</summary>
    /// <param name="schema">Labels; default <see cref="ReferenceSchema"/>.</param>
    /// <param name="seed">Weight seed.</param>
    /// <param name="inputSize">Square input side, a multiple of 8; default 96 like <see cref="PreprocessingSpec.Default"/>.</param>
    /// <param name="version">Version id; default derived from the time and the model hash.</param>
    public static TestModel CreateReferenceCnn(LabelSchema? schema = null, int seed = 1, int inputSize = 96, string? version = null)
    {
        schema ??= ReferenceSchema;
        PreprocessingSpec preprocessing = PreprocessingSpec.Default with { Width = inputSize, Height = inputSize };
        using var model = new ReferenceCnn(schema.Count, inputSize);
        SeededWeights.Apply(model, seed);
        model.eval();
        return Write(schema, preprocessing, Thresholds(schema, null), version, metadata =>
        {
            OnnxExport export = OnnxExporter.Export(model, metadata);
            ExportParityCheck.Verify(model, export);
            return export;
        }, new Dictionary<string, string> { ["model"] = nameof(ReferenceCnn), ["seed"] = $"{seed}", ["trained"] = "false" });
    }

    /// <summary>A model that outputs exactly <paramref name="scores"/> (label to sigmoid score) for every image.</summary>
    /// <param name="scores">A score in (0,1) for every label of <paramref name="schema"/>.</param>
    /// <param name="thresholds">Per-label thresholds; missing labels get 0.5.</param>
    /// <param name="decision">The manifest's decision rule; null writes a manifest without one, which decides by the thresholds.</param>
    public static TestModel CreateConstant(
        IReadOnlyDictionary<string, float> scores,
        LabelSchema? schema = null,
        IReadOnlyDictionary<string, float>? thresholds = null,
        PreprocessingSpec? preprocessing = null,
        string? version = null,
        DecisionRule? decision = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        schema ??= ReferenceSchema;
        preprocessing ??= PreprocessingSpec.Default;
        float[] logits = [.. schema.Labels.Select(label => scores.TryGetValue(label, out float score) && score is > 0f and < 1f
            ? MathF.Log(score / (1f - score))
            : throw new ArgumentException($"Give every label a score strictly between 0 and 1; '{label}' has none.", nameof(scores)))];
        using nn.Module<Tensor, Tensor> flatten = nn.Flatten();
        using var linear = nn.Linear(preprocessing.ValuesPerImage, schema.Count);
        using (no_grad())
        {
            linear.weight.zero_();
            using Tensor bias = tensor(logits);
            linear.bias!.copy_(bias);
        }

        var layers = new List<(string, nn.Module)> { ("flatten", flatten), ("constant", linear) };
        return Write(schema, preprocessing, Thresholds(schema, thresholds), version, metadata =>
            OnnxExporter.Export(layers, new OnnxExportOptions { Height = preprocessing.Height, Width = preprocessing.Width, Metadata = metadata }),
            new Dictionary<string, string> { ["model"] = "constant" }, decision);
    }

    private static Dictionary<string, float> Thresholds(LabelSchema schema, IReadOnlyDictionary<string, float>? given) =>
        schema.Labels.ToDictionary(label => label, label => given is not null && given.TryGetValue(label, out float t) ? t : 0.5f, StringComparer.Ordinal);

    private static TestModel Write(
        LabelSchema schema,
        PreprocessingSpec preprocessing,
        Dictionary<string, float> thresholds,
        string? version,
        Func<IReadOnlyDictionary<string, string>, OnnxExport> export,
        Dictionary<string, string> settings,
        DecisionRule? decision = null)
    {
        Dictionary<string, IReadOnlyList<string>> groups = schema.Groups.ToDictionary(g => g.Name, g => g.Labels, StringComparer.Ordinal);
        // The version goes into the model's metadata, so when it is not given it is fixed before the hash is known.
        version ??= ModelVersion.NewId(DateTimeOffset.UtcNow);
        OnnxExport exported = export(OnnxModelMetadata.Describe(version, schema.Labels, groups, preprocessing,
            decision ?? new DecisionRule { Rule = DecisionRuleKind.Thresholds }));
        var manifest = new ModelManifest
        {
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            Labels = schema.Labels,
            Groups = groups,
            Preprocessing = preprocessing,
            Decision = decision,
            Thresholds = decision is null || decision.Rule == DecisionRuleKind.Thresholds ? thresholds : new Dictionary<string, float>(StringComparer.Ordinal),
            Onnx = exported.Info,
            Sha256 = exported.Sha256,
            TrainerSettings = settings,
        };

        string directory = Path.Combine(Path.GetTempPath(), "fashionserverless-test-models", $"{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var model = new TestModel(directory, exported.Model, manifest);
        exported.WriteTo(model.ModelPath);
        File.WriteAllText(model.ManifestPath, ManifestJson.Serialize(manifest));
        return model;
    }
}
