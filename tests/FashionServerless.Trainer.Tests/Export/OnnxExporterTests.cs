using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Model;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Export;

public sealed class OnnxExporterTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    [Fact]
    public void Export_SeededUntrainedModel_PassesParityOnRandomTensors()
    {
        using ReferenceCnn model = ExportTestModels.Untrained(seed: 11);

        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        ParityReport report = ExportParityCheck.Verify(model, export);

        Assert.InRange(report.MaxAbsDifference, 0, 1e-4);
        Assert.Equal(ExportParityCheck.DefaultRandomSamples, report.RandomSamples);
        Assert.Equal(ExportTestModels.Labels, export.OutputCount);
    }

    [Fact]
    public void Export_AfterTrainingSteps_UsesRunningStatisticsAndPassesParity()
    {
        using ReferenceCnn model = ExportTestModels.Trained(seed: 12);
        BatchNorm2d norm = model.Layers.Select(l => l.Layer).OfType<BatchNorm2d>().First();
        Assert.True(norm.running_mean!.abs().max().item<float>() > 1e-3, "training should have moved the running mean");

        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        ParityReport report = ExportParityCheck.Verify(model, export, randomSamples: 16);

        Assert.InRange(report.MaxAbsDifference, 0, 1e-4);
        Assert.False(model.training);
    }

    [Fact]
    public void Export_ReferenceModel_HasDynamicBatchForOneAndFiveImages()
    {
        using ReferenceCnn model = ExportTestModels.Untrained(seed: 13);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        using var session = new InferenceSession(export.Model);

        NodeMetadata input = session.InputMetadata[export.Info.InputName];
        Assert.Equal([-1, 3, ExportTestModels.InputSize, ExportTestModels.InputSize], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        foreach (int batch in new[] { 1, 5 })
        {
            float[] values = new float[batch * export.ValuesPerImage];
            Array.Fill(values, 0.5f);
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(values, [batch, 3, export.Height, export.Width]);
            using var outputs = session.Run(new RunOptions(), [export.Info.InputName], [value], [export.Info.OutputName]);
            Assert.Equal([batch, ExportTestModels.Labels], outputs[0].GetTensorTypeAndShape().Shape);
            Assert.All(outputs[0].GetTensorDataAsSpan<float>().ToArray(), score => Assert.InRange(score, 0f, 1f));
        }
    }

    [Fact]
    public void Export_ReferenceModel_DeclaresOpset17AndExpectedOperators()
    {
        using ReferenceCnn model = ExportTestModels.Untrained(seed: 14);

        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        ModelProto proto = ModelProto.Parser.ParseFrom(export.Model);

        OperatorSetIdProto opset = Assert.Single(proto.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(OnnxExporter.DefaultOpset, opset.Version);
        Assert.Equal(opset.Version, export.Info.Opset);
        Assert.Equal(
            ["Conv", "Relu", "MaxPool", "BatchNormalization", "Conv", "Relu", "MaxPool", "BatchNormalization",
             "Conv", "Relu", "MaxPool", "BatchNormalization", "Flatten", "Gemm", "Relu", "Gemm", "Sigmoid"],
            proto.Graph.Node.Select(n => n.OpType));
        Assert.Equal(export.Info.OutputName, proto.Graph.Node[^1].Output[0]);
    }

    [Fact]
    public void Export_WithManifestMetadata_WritesMetadataPropsReadableByOnnxRuntime()
    {
        using ReferenceCnn model = ExportTestModels.Untrained(seed: 15);
        string[] labels = ["black", "blue", "dress", "pants", "shirt", "shoes", "shorts"];
        Dictionary<string, string> metadata = OnnxModelMetadata.Describe("20260101T000000Z-abcdef12", labels,
            new Dictionary<string, IReadOnlyList<string>> { ["colour"] = labels[..2], ["garment"] = labels[2..] },
            PreprocessingSpec.Default with { Width = 32, Height = 32 },
            new DecisionRule { Rule = DecisionRuleKind.GroupArgmax, Floors = new Dictionary<string, float> { ["garment"] = 0.25f } });

        OnnxExport export = OnnxExporter.Export(model, metadata);
        using var session = new InferenceSession(export.Model);

        Dictionary<string, string> stored = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("20260101T000000Z-abcdef12", stored[OnnxModelMetadata.VersionKey]);
        Assert.Equal("black,blue,dress,pants,shirt,shoes,shorts", stored[OnnxModelMetadata.LabelsKey]);
        Assert.Contains("\"width\":32", stored[OnnxModelMetadata.PreprocessingKey], StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"groupArgmax\"", stored[OnnxModelMetadata.DecisionKey], StringComparison.Ordinal);
        Assert.Contains("\"garment\":0.25", stored[OnnxModelMetadata.DecisionKey], StringComparison.Ordinal);
        Assert.Contains("\"colour\":[\"black\",\"blue\"]", stored[OnnxModelMetadata.GroupsKey], StringComparison.Ordinal);
    }

    [Fact]
    public void Export_StridedDilatedGroupedLayers_PassesParity()
    {
        // Settings the reference model does not use, so each attribute the exporter writes is exercised.
        torch.random.manual_seed(16);
        using var conv1 = nn.Conv2d(3, 8, 5, stride: 2, padding: 2, dilation: 1);
        using var conv2 = nn.Conv2d(8, 8, 3, padding: Padding.Same, dilation: 2, groups: 4, bias: false);
        using var norm = nn.BatchNorm2d(8, eps: 1e-3, affine: false);
        using var pool = nn.MaxPool2d(3, stride: 2, padding: 1);
        using var flatten = nn.Flatten();
        using var fc = nn.Linear(8 * 4 * 4, 3);
        (string, nn.Module<Tensor, Tensor>)[] modules = [("c1", conv1), ("c2", conv2), ("n", norm), ("p", pool), ("f", flatten), ("fc", fc)];
        using var model = nn.Sequential(modules);
        List<(string, nn.Module)> layers = [.. modules.Select(m => (m.Item1, (nn.Module)m.Item2))];
        using (no_grad())
        {
            norm.running_mean!.uniform_(-0.5, 0.5);
            norm.running_var!.uniform_(0.5, 2);
        }

        OnnxExport export = OnnxExporter.Export(layers, new OnnxExportOptions { Height = 15, Width = 15 });
        ParityReport report = ExportParityCheck.Verify(model, export);

        Assert.InRange(report.MaxAbsDifference, 0, 1e-4);
        Assert.Equal(3, export.OutputCount);
    }

    [Fact]
    public void Export_UnsupportedLayer_ThrowsNamingTheLayer()
    {
        using var flatten = nn.Flatten();
        using var activation = nn.LeakyReLU();
        using var fc = nn.Linear(12, 2);
        var layers = new List<(string, nn.Module)> { ("flatten", flatten), ("leaky", activation), ("fc", fc) };

        var error = Assert.Throws<UnsupportedLayerException>(() => OnnxExporter.Export(layers, new OnnxExportOptions { Height = 2, Width = 2 }));

        Assert.Equal("leaky", error.LayerName);
        Assert.Contains("LeakyReLU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_LinearSizeDisagreesWithInput_ThrowsNamingTheLayer()
    {
        using var flatten = nn.Flatten();
        using var fc = nn.Linear(10, 2);
        var layers = new List<(string, nn.Module)> { ("flatten", flatten), ("fc", fc) };

        var error = Assert.Throws<UnsupportedLayerException>(() => OnnxExporter.Export(layers, new OnnxExportOptions { Height = 2, Width = 2 }));

        Assert.Equal("fc", error.LayerName);
        Assert.Contains("expects 10 features but receives 12", error.Message, StringComparison.Ordinal);
    }
}
