using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using static FashionServerless.Testing.Models.OnnxGraphWriter;

namespace FashionServerless.Testing.Models;

/// <summary>
/// Real ONNX models for tests, written as ONNX protobuf and run by ONNX Runtime like any exported model: a small
/// seeded convolutional network whose scores depend on the image, or a model whose scores are fixed whatever the
/// input (for tests that need to know which labels come out).
/// </summary>
public static class TestModels
{
    /// <summary>The metadata key the trainer's exporter writes the version under; it makes every version's bytes unique.</summary>
    public const string VersionMetadataKey = "fashionserverless.version";

    /// <summary>The reference study's labels: colours black, blue; garments dress, pants, shirt, shoes, shorts.</summary>
    public static LabelSchema ReferenceSchema { get; } = new(["black", "blue"], ["dress", "pants", "shirt", "shoes", "shorts"]);

    /// <summary>
    /// Conv 3x3 (8 channels), ReLU, max-pool 2, conv 3x3 (8), ReLU, global average pool, a fully connected layer and
    /// sigmoid, with weights drawn from <paramref name="seed"/> (same seed and version, same bytes). Untrained, but
    /// every score depends on the image, and batches exercise the same kernels as the served CNN's.
    /// </summary>
    /// <param name="schema">Labels; default <see cref="ReferenceSchema"/>.</param>
    /// <param name="seed">Weight seed.</param>
    /// <param name="inputSize">Square input side, even; default 96 like <see cref="PreprocessingSpec.Default"/>.</param>
    /// <param name="version">Version id; default derived from the time.</param>
    public static TestModel CreateSeededConvNet(LabelSchema? schema = null, int seed = 1, int inputSize = 96, string? version = null)
    {
        schema ??= ReferenceSchema;
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 2);
        PreprocessingSpec preprocessing = PreprocessingSpec.Default with { Width = inputSize, Height = inputSize };
        var random = new Random(seed);
        const int Channels = 8;
        return Write(schema, preprocessing, Thresholds(schema, null), version, graph =>
        {
            string x = graph.Node("Conv", "conv1", [InputName, graph.Initializer("conv1.weight", [Channels, 3, 3, 3], Uniform(random, Channels * 27, 27)),
                graph.Initializer("conv1.bias", [Channels], Uniform(random, Channels, 27))], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1));
            x = graph.Node("Relu", "relu1", [x]);
            x = graph.Node("MaxPool", "pool1", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
            x = graph.Node("Conv", "conv2", [x, graph.Initializer("conv2.weight", [Channels, Channels, 3, 3], Uniform(random, Channels * Channels * 9, Channels * 9)),
                graph.Initializer("conv2.bias", [Channels], Uniform(random, Channels, Channels * 9))], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1));
            x = graph.Node("Relu", "relu2", [x]);
            x = graph.Node("GlobalAveragePool", "gap", [x]);
            x = graph.Node("Flatten", "flatten", [x], Int("axis", 1));
            x = graph.Node("Gemm", "fc", [x, graph.Initializer("fc.weight", [schema.Count, Channels], Uniform(random, schema.Count * Channels, Channels)),
                graph.Initializer("fc.bias", [schema.Count], Uniform(random, schema.Count, Channels))], Int("transB", 1));
            graph.Node("Sigmoid", OutputName, [x]);
        }, new Dictionary<string, string> { ["model"] = "seeded-conv-net", ["seed"] = $"{seed}", ["trained"] = "false" });
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
        int values = preprocessing.ValuesPerImage;
        return Write(schema, preprocessing, Thresholds(schema, thresholds), version, graph =>
        {
            // sigmoid(0 * image + logit) is the score, whatever the image: the input is still read, so shape checks apply.
            string flat = graph.Node("Flatten", "flatten", [InputName], Int("axis", 1));
            string logit = graph.Node("Gemm", "constant", [flat, graph.Initializer("zero", [schema.Count, values], new float[schema.Count * values]),
                graph.Initializer("logits", [schema.Count], logits)], Int("transB", 1));
            graph.Node("Sigmoid", OutputName, [logit]);
        }, new Dictionary<string, string> { ["model"] = "constant" }, decision);
    }

    /// <summary>Kaiming-uniform-like draws: within ±1/sqrt(fan-in), as PyTorch initialises convolutions and linear layers.</summary>
    private static float[] Uniform(Random random, int count, int fanIn)
    {
        float bound = 1f / MathF.Sqrt(fanIn);
        return [.. Enumerable.Range(0, count).Select(_ => ((random.NextSingle() * 2) - 1) * bound)];
    }

    private static Dictionary<string, float> Thresholds(LabelSchema schema, IReadOnlyDictionary<string, float>? given) =>
        schema.Labels.ToDictionary(label => label, label => given is not null && given.TryGetValue(label, out float t) ? t : 0.5f, StringComparer.Ordinal);

    private static TestModel Write(
        LabelSchema schema,
        PreprocessingSpec preprocessing,
        Dictionary<string, float> thresholds,
        string? version,
        Action<OnnxGraphWriter> layers,
        Dictionary<string, string> settings,
        DecisionRule? decision = null)
    {
        Dictionary<string, IReadOnlyList<string>> groups = schema.Groups.ToDictionary(g => g.Name, g => g.Labels, StringComparer.Ordinal);
        // The version goes into the model's metadata, so when it is not given it is fixed before the hash is known.
        version ??= ModelVersion.NewId(DateTimeOffset.UtcNow);
        var graph = new OnnxGraphWriter();
        layers(graph);
        byte[] onnx = graph.ToModel(preprocessing.Height, preprocessing.Width, schema.Count, new Dictionary<string, string> { [VersionMetadataKey] = version });
        var manifest = new ModelManifest
        {
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            Labels = schema.Labels,
            Groups = groups,
            Preprocessing = preprocessing,
            Decision = decision,
            Thresholds = decision is null || decision.Rule == DecisionRuleKind.Thresholds ? thresholds : new Dictionary<string, float>(StringComparer.Ordinal),
            Onnx = new OnnxModelInfo(Opset, InputName, OutputName),
            Sha256 = ModelHash.Sha256(onnx),
            TrainerSettings = settings,
        };

        string directory = Path.Combine(Path.GetTempPath(), "fashionserverless-test-models", $"{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var model = new TestModel(directory, onnx, manifest);
        File.WriteAllBytes(model.ModelPath, onnx);
        File.WriteAllText(model.ManifestPath, ManifestJson.Serialize(manifest));
        return model;
    }
}
