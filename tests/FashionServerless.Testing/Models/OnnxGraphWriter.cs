using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace FashionServerless.Testing.Models;

/// <summary>
/// Writes small ONNX graphs straight from protobuf messages: float input <c>images</c> [batch, 3, height, width],
/// float output <c>scores</c> [batch, labels], opset 17. Enough to give ONNX Runtime real models without the trainer.
/// </summary>
internal sealed class OnnxGraphWriter
{
    public const string InputName = "images";
    public const string OutputName = "scores";
    public const int Opset = 17;

    private readonly GraphProto _graph = new() { Name = "test-model" };

    public string Initializer(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data holds little-endian floats, which is how every host these tests run on stores them.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Node(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>The model's bytes; the graph's last node must write <see cref="OutputName"/>.</summary>
    public byte[] ToModel(int height, int width, int labels, IReadOnlyDictionary<string, string> metadata)
    {
        _graph.Input.Add(Tensor(InputName, Symbolic("batch"), Fixed(3), Fixed(height), Fixed(width)));
        _graph.Output.Add(Tensor(OutputName, Symbolic("batch"), Fixed(labels)));
        var model = new ModelProto { IrVersion = 8, ProducerName = "fashionserverless-tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach ((string key, string value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model.ToByteArray();
    }

    private static TensorShapeProto.Types.Dimension Fixed(long size) => new() { DimValue = size };

    private static TensorShapeProto.Types.Dimension Symbolic(string name) => new() { DimParam = name };

    private static ValueInfoProto Tensor(string name, params TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
