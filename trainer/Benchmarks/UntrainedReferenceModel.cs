using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Model;
using TorchSharp;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// A freshly initialised <see cref="ReferenceCnn"/> exported with <see cref="OnnxExporter"/> into a temporary folder,
/// for timing inference when no trained model is given: the graph and its cost are those of a trained one.
/// The folder is deleted on dispose.
/// </summary>
internal sealed class UntrainedReferenceModel : IDisposable
{
    private UntrainedReferenceModel(string folder, byte[] onnxModel, ModelManifest manifest)
    {
        Folder = folder;
        OnnxModel = onnxModel;
        Manifest = manifest;
    }

    public string Folder { get; }

    public byte[] OnnxModel { get; }

    public ModelManifest Manifest { get; }

    public static UntrainedReferenceModel Export(LabelSchema schema, PreprocessingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Width != spec.Height)
        {
            throw new ArgumentException($"The reference CNN takes square input; the spec is {spec.Width}x{spec.Height}.", nameof(spec));
        }

        DateTimeOffset createdAt = DateTimeOffset.UtcNow;
        string version = ModelVersion.NewId(createdAt);
        Dictionary<string, IReadOnlyList<string>> groups = schema.Groups.ToDictionary(g => g.Name, g => g.Labels, StringComparer.Ordinal);
        var decision = new DecisionRule { Rule = DecisionRuleKind.GroupArgmax };
        torch.random.manual_seed(1);
        using var model = new ReferenceCnn(schema.Count, spec.Width);
        model.eval();
        OnnxExport export = OnnxExporter.Export(model, OnnxModelMetadata.Describe(version, schema.Labels, groups, spec, decision));
        var manifest = new ModelManifest
        {
            Version = version,
            CreatedAt = createdAt,
            Labels = schema.Labels,
            Groups = groups,
            Preprocessing = spec,
            Decision = decision,
            Onnx = export.Info,
            Sha256 = export.Sha256,
            TrainerSettings = new Dictionary<string, string>(StringComparer.Ordinal) { ["model"] = nameof(ReferenceCnn), ["trained"] = "false", ["purpose"] = "bench" },
        };

        string folder = Path.Combine(Path.GetTempPath(), $"fashion-trainer-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        export.WriteTo(Path.Combine(folder, "model.onnx"));
        File.WriteAllText(Path.Combine(folder, "manifest.json"), ManifestJson.Serialize(manifest));
        return new UntrainedReferenceModel(folder, export.Model, manifest);
    }

    public OnnxClassifier Load() => OnnxClassifier.Load(OnnxModel, Manifest);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the figures are already taken.
        }
    }
}
