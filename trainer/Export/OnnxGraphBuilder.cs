using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Export;

/// <summary>Accumulates ONNX nodes and initializers; every tensor name in the graph is made here.</summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    private readonly GraphProto _graph = new() { Name = graphName };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public GraphProto Graph => _graph;

    /// <summary>Copies a TorchSharp tensor's values (as float32, row-major) into a named initializer.</summary>
    public string AddInitializer(string name, Tensor tensor)
    {
        using Tensor values = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        float[] data = values.data<float>().ToArray();
        return AddInitializer(name, values.shape, data);
    }

    public string AddInitializer(string name, long[] dims, float[] data)
    {
        // raw_data is little-endian IEEE 754 by definition; reinterpreting the floats is only right on such hosts.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export needs a little-endian host.");
        }

        Reserve(name);
        var proto = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
        };
        proto.Dims.AddRange(dims);
        _graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>An int64 constant (shapes, axes, slice bounds).</summary>
    public string AddInt64Initializer(string name, params long[] values)
    {
        Reserve(name);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        _graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>Adds a node with one output named <paramref name="output"/> and returns that name.</summary>
    public string AddNode(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        Reserve(output);
        var node = new NodeProto { OpType = opType, Name = $"{output}_{opType}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public void AddInput(string name, int elementType, params TensorShapeProto.Types.Dimension[] dims)
    {
        Reserve(name);
        _graph.Input.Add(ValueInfo(name, elementType, dims));
    }

    public void AddOutput(string name, int elementType, params TensorShapeProto.Types.Dimension[] dims) =>
        _graph.Output.Add(ValueInfo(name, elementType, dims));

    public static TensorShapeProto.Types.Dimension Fixed(long size) => new() { DimValue = size };

    public static TensorShapeProto.Types.Dimension Symbolic(string name) => new() { DimParam = name };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static ValueInfoProto ValueInfo(string name, int elementType, TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"The ONNX tensor name '{name}' is used twice; layer names must be unique.");
        }
    }
}
