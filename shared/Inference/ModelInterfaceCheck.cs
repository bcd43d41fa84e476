using FashionServerless.Shared.Manifest;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FashionServerless.Shared.Inference;

/// <summary>
/// Refuses a session whose graph is not the one the manifest describes: one float input <c>[batch,3,H,W]</c> with a
/// dynamic batch and the manifest's H and W, one float output <c>[batch,labels]</c>, both under the manifest's names.
/// </summary>
internal static class ModelInterfaceCheck
{
    public static void Verify(InferenceSession session, ModelManifest manifest)
    {
        OnnxModelInfo onnx = manifest.Onnx;
        NodeMetadata input = Single(session.InputMetadata, onnx.InputName, "input", manifest);
        Expect(input, [-1, 3, manifest.Preprocessing.Height, manifest.Preprocessing.Width], "input", onnx.InputName, manifest);
        NodeMetadata output = Single(session.OutputMetadata, onnx.OutputName, "output", manifest);
        Expect(output, [-1, manifest.Labels.Count], "output", onnx.OutputName, manifest);
    }

    private static NodeMetadata Single(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, string what, ModelManifest manifest)
    {
        if (nodes.Count != 1 || !nodes.TryGetValue(name, out NodeMetadata? node))
        {
            throw Mismatch(manifest, $"the manifest names the {what} '{name}' but the graph's {what}s are [{string.Join(", ", nodes.Keys)}].");
        }

        return node;
    }

    private static void Expect(NodeMetadata node, int[] expected, string what, string name, ModelManifest manifest)
    {
        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float)
        {
            throw Mismatch(manifest, $"the {what} '{name}' must be a float32 tensor; it is {node.ElementDataType}.");
        }

        // ONNX Runtime reports a symbolic dimension as -1: the batch must be one, so any batch size can run.
        int[] actual = node.Dimensions;
        if (!actual.SequenceEqual(expected))
        {
            throw Mismatch(manifest,
                $"the {what} '{name}' has shape {Describe(actual)} but the manifest implies {Describe(expected)} (batch dynamic).");
        }
    }

    private static string Describe(int[] dims) => $"[{string.Join(",", dims.Select(d => d < 0 ? "batch" : $"{d}"))}]";

    private static ModelLoadException Mismatch(ModelManifest manifest, string reason) =>
        new(ModelLoadFailure.InterfaceMismatch, manifest.Version, reason);
}
