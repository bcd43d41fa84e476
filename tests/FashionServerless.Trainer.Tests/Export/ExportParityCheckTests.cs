using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Model;
using Google.Protobuf;
using Onnx;

namespace FashionServerless.Trainer.Tests.Export;

public sealed class ExportParityCheckTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    [Fact]
    public void Verify_LinearWeightWrittenTransposed_ThrowsParityException()
    {
        using ReferenceCnn model = ExportTestModels.Trained(seed: 21);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);

        // The classic layout bug: [out,in] values written in [in,out] order under the same dims.
        OnnxExport broken = Mutate(export, proto =>
        {
            TensorProto weight = proto.Graph.Initializer.Single(t => t.Name == "fc2.weight");
            float[] values = ReadFloats(weight);
            int rows = (int)weight.Dims[0], columns = (int)weight.Dims[1];
            var transposed = new float[values.Length];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    transposed[(c * rows) + r] = values[(r * columns) + c];
                }
            }

            weight.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(transposed.AsSpan()));
        });

        var error = Assert.Throws<ExportParityException>(() => ExportParityCheck.Verify(model, broken));

        Assert.Equal("random tensors", error.InputKind);
        Assert.True(error.MaxAbsDifference > 1e-4);
    }

    [Fact]
    public void Verify_WrongBatchNormEpsilon_ThrowsParityException()
    {
        using ReferenceCnn model = ExportTestModels.Trained(seed: 22);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);

        OnnxExport broken = Mutate(export, proto =>
        {
            foreach (NodeProto node in proto.Graph.Node.Where(n => n.OpType == "BatchNormalization"))
            {
                node.Attribute.Single(a => a.Name == "epsilon").F = 0.5f;
            }
        });

        var error = Assert.Throws<ExportParityException>(() => ExportParityCheck.Verify(model, broken));

        Assert.True(error.MaxAbsDifference > 1e-4, $"measured {error.MaxAbsDifference}");
    }

    [Fact]
    public void Verify_Images_ComparesThemAndReportsTheirDifference()
    {
        using ReferenceCnn model = ExportTestModels.Trained(seed: 23);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        // Stand-ins for preprocessed photos: smooth gradients in [0,1], 40 of them so the check works in chunks.
        var images = new float[40 * export.ValuesPerImage];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (i % 97) / 96f;
        }

        ParityReport report = ExportParityCheck.Verify(model, export, images);

        Assert.Equal(40, report.ImageSamples);
        Assert.NotNull(report.ImagesMaxAbsDifference);
        Assert.InRange(report.ImagesMaxAbsDifference.Value, 0, 1e-4);
        Assert.Equal(Math.Max(report.RandomMaxAbsDifference, report.ImagesMaxAbsDifference.Value), report.MaxAbsDifference);
    }

    [Fact]
    public void Verify_PartialImage_ThrowsArgumentException()
    {
        using ReferenceCnn model = ExportTestModels.Untrained(seed: 24);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);

        Assert.Throws<ArgumentException>(() => ExportParityCheck.Verify(model, export, new float[export.ValuesPerImage + 1]));
    }

    [Fact]
    public void Verify_ModelInTrainingMode_ComparesInEvalModeAndRestoresTrainingMode()
    {
        using ReferenceCnn model = ExportTestModels.Trained(seed: 25);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        model.train();

        // In train mode Dropout and batch statistics would make the scores differ; passing proves eval mode was used.
        ParityReport report = ExportParityCheck.Verify(model, export);

        Assert.InRange(report.MaxAbsDifference, 0, 1e-4);
        Assert.True(model.training);
    }

    [Fact]
    public void Verify_BytesOnnxRuntimeCannotLoad_ThrowsParityExceptionWithCause()
    {
        using ReferenceCnn model = ExportTestModels.Untrained(seed: 26);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        OnnxExport corrupt = export with { Model = export.Model[..(export.Model.Length / 2)] };

        var error = Assert.Throws<ExportParityException>(() => ExportParityCheck.Verify(model, corrupt));

        Assert.NotNull(error.InnerException);
        Assert.StartsWith("ONNX Runtime cannot load the export", error.Message, StringComparison.Ordinal);
    }

    private static OnnxExport Mutate(OnnxExport export, Action<ModelProto> change)
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(export.Model);
        change(proto);
        return export with { Model = proto.ToByteArray() };
    }

    private static float[] ReadFloats(TensorProto tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
