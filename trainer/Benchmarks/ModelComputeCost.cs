using FashionServerless.Shared.Manifest;
using Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Floating-point operations one image costs in a model's graph: every Conv, Gemm and MatMul counted as two
/// operations per multiply-add, from the shapes ONNX Runtime actually produces (each such node's output is exposed
/// and one image is run), so it holds for any architecture the trainer exports. Element-wise layers are left out;
/// next to the convolutions they are noise.
/// </summary>
internal static class ModelComputeCost
{
    private static readonly HashSet<string> Counted = new(StringComparer.Ordinal) { "Conv", "Gemm", "MatMul" };

    /// <returns>GFLOP per image.</returns>
    /// <exception cref="InvalidDataException">The graph has none of the counted operators.</exception>
    public static double GflopPerImage(byte[] onnxModel, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        ArgumentNullException.ThrowIfNull(manifest);
        ModelProto model = ModelProto.Parser.ParseFrom(onnxModel);
        Dictionary<string, long[]> initializers = model.Graph.Initializer.ToDictionary(t => t.Name, t => t.Dims.ToArray(), StringComparer.Ordinal);
        NodeProto[] nodes = [.. model.Graph.Node.Where(n => Counted.Contains(n.OpType))];
        if (nodes.Length == 0)
        {
            throw new InvalidDataException("The model has no Conv, Gemm or MatMul node to count.");
        }

        HashSet<string> outputs = [.. model.Graph.Output.Select(o => o.Name)];
        foreach (string name in nodes.Select(n => n.Output[0]).Where(outputs.Add))
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        // Unoptimised, so every node (and its output) is still there rather than fused away.
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        var spec = manifest.Preprocessing;
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(new float[spec.ValuesPerImage], [1, 3, spec.Height, spec.Width]);
        string[] names = [.. nodes.Select(n => n.Output[0]).Distinct(StringComparer.Ordinal)];
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(new RunOptions(), [manifest.Onnx.InputName], [input], names);
        Dictionary<string, long[]> shapes = names.Zip(results, (name, value) => (name, value.GetTensorTypeAndShape().Shape))
            .ToDictionary(p => p.name, p => p.Shape, StringComparer.Ordinal);

        double flops = nodes.Sum(node => Flops(node, shapes[node.Output[0]], initializers));
        return flops / 1e9;
    }

    private static double Flops(NodeProto node, long[] output, Dictionary<string, long[]> initializers)
    {
        long[] weight = node.Input.Count > 1 && initializers.TryGetValue(node.Input[1], out long[]? dims)
            ? dims
            : throw new InvalidDataException($"The {node.OpType} node '{node.Name}' has no constant weight; its cost cannot be read from the graph.");
        long outputValues = output.Skip(1).Aggregate(1L, (a, b) => a * b); // per image: the batch is 1
        return node.OpType switch
        {
            // Weight [Cout, Cin/groups, kH, kW]: each output value sums Cin/groups x kH x kW products.
            "Conv" => 2.0 * outputValues * weight.Skip(1).Aggregate(1L, (a, b) => a * b),
            // Weight [K, N] (or [N, K] transposed): each output value sums K products.
            "Gemm" => 2.0 * outputValues * (IsTransposedB(node) ? weight[1] : weight[0]),
            _ => 2.0 * outputValues * weight[^2],
        };
    }

    private static bool IsTransposedB(NodeProto node) =>
        node.Attribute.Any(a => a.Name == "transB" && a.I == 1);
}
