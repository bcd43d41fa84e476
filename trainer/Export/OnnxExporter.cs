using System.Reflection;
using FashionServerless.Shared.Manifest;
using FashionServerless.Trainer.Model;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static FashionServerless.Trainer.Export.OnnxGraphBuilder;

namespace FashionServerless.Trainer.Export;

/// <summary>
/// Writes a standard ONNX model from TorchSharp layers (TorchSharp has no exporter of its own). The graph computes
/// <c>sigmoid(layers(input))</c> (with flip averaging, the mean of that and of the mirrored input's): the module
/// returns logits, the served model returns scores. BatchNorm is written in
/// its inference form with the running statistics, Dropout is the identity, Linear is Gemm with transB=1.
/// </summary>
internal static class OnnxExporter
{
    public const int DefaultOpset = 17;
    public const string DefaultInputName = "images";
    public const string DefaultOutputName = "scores";

    /// <summary>IR version 8 is the first that allows opset 17.</summary>
    private const long IrVersion = 8;

    private static readonly int FloatType = (int)TensorProto.Types.DataType.Float;

    public static OnnxExport Export(ApparelNetwork model, IReadOnlyDictionary<string, string> metadata, bool flipAverage = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Export(model.Layers, new OnnxExportOptions { Height = model.InputSize, Width = model.InputSize, Metadata = metadata, FlipAverage = flipAverage });
    }

    /// <summary>Exports layers applied in the given order (a nested <see cref="Sequential"/> is walked in order too).</summary>
    /// <exception cref="UnsupportedLayerException">A layer, or one of its settings, has no translation.</exception>
    public static OnnxExport Export(IEnumerable<(string Name, nn.Module Layer)> layers, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Opset, DefaultOpset);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Channels, 1);

        using IDisposable noGrad = no_grad();
        var graph = new OnnxGraphBuilder(options.GraphName);
        graph.AddInput(options.InputName, FloatType,
            Symbolic("batch"), Fixed(options.Channels), Fixed(options.Height), Fixed(options.Width));

        var state = new LayerShape(options.InputName, options.Channels, options.Height, options.Width);
        if (options.FlipAverage)
        {
            // The mirror images join the batch: [x; flip(x)] runs through the layers once, and the two halves' scores are averaged.
            string mirrored = graph.AddNode("Slice", "flip.mirrored",
                [options.InputName, graph.AddInt64Initializer("flip.starts", -1), graph.AddInt64Initializer("flip.ends", long.MinValue),
                 graph.AddInt64Initializer("flip.axes", 3), graph.AddInt64Initializer("flip.steps", -1)]);
            state = state with { TensorName = graph.AddNode("Concat", "flip.both", [options.InputName, mirrored], Int("axis", 0)) };
        }

        foreach ((string name, nn.Module layer) in Flatten(layers))
        {
            state = OnnxLayerTranslator.Translate(graph, name, layer, state);
        }

        if (!state.IsFlat)
        {
            throw new UnsupportedLayerException("(output)", "graph",
                $"the last layer must produce [batch, labels] (end with Flatten/Linear); it produces [batch,{state.Channels},{state.Height},{state.Width}].");
        }

        if (options.FlipAverage)
        {
            string scores = graph.AddNode("Sigmoid", "flip.scores", [state.TensorName]);
            string halves = graph.AddNode("Reshape", "flip.halves", [scores, graph.AddInt64Initializer("flip.shape", 2, -1, state.Features)]);
            graph.AddNode("ReduceMean", options.OutputName, [halves], Ints("axes", 0), Int("keepdims", 0));
        }
        else
        {
            graph.AddNode("Sigmoid", options.OutputName, [state.TensorName]);
        }

        graph.AddOutput(options.OutputName, FloatType, Symbolic("batch"), Fixed(state.Features));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "fashion-trainer",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            DocString = "FashionServerless multi-label apparel classifier: sigmoid scores per label.",
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        foreach ((string key, string value) in options.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        var info = new OnnxModelInfo(options.Opset, options.InputName, options.OutputName);
        return new OnnxExport(model.ToByteArray(), info, options.Channels, options.Height, options.Width, checked((int)state.Features), options.FlipAverage);
    }

    private static IEnumerable<(string Name, nn.Module Layer)> Flatten(IEnumerable<(string Name, nn.Module Layer)> layers)
    {
        foreach ((string name, nn.Module layer) in layers)
        {
            if (layer is Sequential sequential)
            {
                foreach ((string childName, nn.Module child) in Flatten(sequential.named_children().Select(c => (c.name, (nn.Module)c.module))))
                {
                    yield return ($"{name}.{childName}", child);
                }
            }
            else
            {
                yield return (name, layer);
            }
        }
    }
}
