using FashionServerless.Trainer.Export;
using Onnx;
using FashionServerless.Trainer.Model;
using FashionServerless.Trainer.Training;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Export;

public sealed class GlobalPoolExportTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    [Fact]
    public void Export_GlobalPoolCnn_WritesGlobalAveragePoolAndPassesParity()
    {
        using GlobalPoolCnn model = ExportTestModels.TrainedGlobalPool(seed: 41);

        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        ParityReport parity = ExportParityCheck.Verify(model, export);

        ModelProto proto = ModelProto.Parser.ParseFrom(export.Model);
        Assert.Contains(proto.Graph.Node, n => n.OpType == "GlobalAveragePool");
        Assert.DoesNotContain(proto.Graph.Node, n => n.OpType == "Slice");
        Assert.True(parity.MaxAbsDifference <= 1e-4, $"parity {parity.MaxAbsDifference}");
    }

    [Fact]
    public void Export_StridedStem_PassesParityWithoutAFullSizePool()
    {
        torch.random.manual_seed(45);
        using var model = new GlobalPoolCnn(ExportTestModels.Labels, ExportTestModels.InputSize, [8, 16], stridedStem: true);
        model.eval();

        OnnxExport export = OnnxExporter.Export(model, NoMetadata);

        Assert.True(ExportParityCheck.Verify(model, export).MaxAbsDifference <= 1e-4);
        Assert.Equal("stem", model.Layers.First().Name);
        Assert.Single(model.Layers, l => l.Name.StartsWith("pool", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_PackedEnsemble_GroupedConvolutionsAndOneGemmPassParity()
    {
        torch.random.manual_seed(46);
        using var model = new GlobalPoolCnn(ExportTestModels.Labels, ExportTestModels.InputSize, [8, 16], convolutionsPerBlock: 2, members: 3);
        ExportTestModels.TrainBriefly(model, steps: 4);

        OnnxExport export = OnnxExporter.Export(model, NoMetadata);
        ParityReport parity = ExportParityCheck.Verify(model, export);

        ModelProto proto = ModelProto.Parser.ParseFrom(export.Model);
        long[] groups = [.. proto.Graph.Node.Where(n => n.OpType == "Conv").Select(n => n.Attribute.Single(a => a.Name == "group").I)];
        Assert.Equal([1L, 3, 3, 3], groups);
        Assert.Single(proto.Graph.Node, n => n.OpType == "Gemm");
        Assert.True(parity.MaxAbsDifference <= 1e-4, $"parity {parity.MaxAbsDifference}");
    }

    [Fact]
    public void Export_FlipAverage_OnnxScoresAreTheMeanOfTheImageAndItsMirror()
    {
        using GlobalPoolCnn model = Sensitive(seed: 42);
        OnnxExport export = OnnxExporter.Export(model, NoMetadata, flipAverage: true);
        Assert.True(export.FlipAverage);
        using DisposeScope scope = NewDisposeScope();
        Tensor images = LopsidedImages();

        float[] onnx = Run(export, images);

        using (no_grad())
        {
            Tensor expected = (model.call(images).sigmoid() + model.call(images.flip(3)).sigmoid()) / 2;
            float[] torchScores = expected.data<float>().ToArray();
            Assert.Equal(torchScores.Length, onnx.Length);
            for (int i = 0; i < onnx.Length; i++)
            {
                Assert.Equal(torchScores[i], onnx[i], 4);
            }

            // And not the plain scores: the mirror really entered.
            float[] plain = model.call(images).sigmoid().data<float>().ToArray();
            Assert.True(Enumerable.Range(0, plain.Length).Any(i => Math.Abs(plain[i] - onnx[i]) > 1e-3),
                $"plain {string.Join(",", plain.Select(v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)))} onnx {string.Join(",", onnx.Select(v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        Assert.True(ExportParityCheck.Verify(model, export).MaxAbsDifference <= 1e-4);
    }

    [Fact]
    public void Verify_FlipAveragedExportOfAModelScoredWithoutIt_FailsParity()
    {
        using GlobalPoolCnn model = Sensitive(seed: 43);
        OnnxExport averaged = OnnxExporter.Export(model, NoMetadata, flipAverage: true);

        // The same graph bytes declared as a plain export: TorchSharp scores the plain image, ONNX the average.
        OnnxExport mislabelled = averaged with { FlipAverage = false };
        using DisposeScope scope = NewDisposeScope();
        float[] images = LopsidedImages().data<float>().ToArray();

        Assert.Throws<ExportParityException>(() => ExportParityCheck.Verify(model, mislabelled, images, tolerance: 1e-5));
    }

    [Fact]
    public void Scores_MirrorSymmetricImage_FlipAverageChangesNothing()
    {
        using GlobalPoolCnn model = ExportTestModels.TrainedGlobalPool(seed: 44);
        using DisposeScope scope = NewDisposeScope();
        Tensor half = rand(2, 3, ExportTestModels.InputSize, ExportTestModels.InputSize / 2);
        Tensor symmetric = cat([half, half.flip(3)], 3);

        using (no_grad())
        {
            model.eval();
            Tensor plain = ModelScoring.ScoreBatch(model, symmetric, flipAverage: false);
            Tensor averaged = ModelScoring.ScoreBatch(model, symmetric, flipAverage: true);
            Assert.True(plain.allclose(averaged, rtol: 0, atol: 1e-6));
        }
    }

    /// <summary>
    /// Noise like the test networks were trained on, blanked on the left third: mirroring moves the blank to the right,
    /// which changes what the convolutions see (whole-image noise looks the same either way once globally averaged).
    /// </summary>
    private static Tensor LopsidedImages()
    {
        int side = ExportTestModels.InputSize;
        using var generator = new Generator(5);
        Tensor images = rand([3, 3, side, side], generator: generator) * 2;
        using (no_grad())
        {
            images[.., .., .., ..(side / 3)] = zeros(1);
        }

        return images;
    }

    /// <summary>A briefly trained network whose last layer is scaled up, so small differences in its features show in its scores.</summary>
    private static GlobalPoolCnn Sensitive(int seed)
    {
        GlobalPoolCnn model = ExportTestModels.TrainedGlobalPool(seed);
        using (no_grad())
        {
            var last = (TorchSharp.Modules.Linear)model.Layers.Last().Layer;
            last.weight!.mul_(50);
        }

        return model;
    }

    private static float[] Run(OnnxExport export, Tensor images)
    {
        using var session = new InferenceSession(export.Model);
        float[] values = images.data<float>().ToArray();
        var input = new DenseTensor(values, [(int)images.shape[0], 3, ExportTestModels.InputSize, ExportTestModels.InputSize]);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run([NamedOnnxValue.CreateFromTensor(export.Info.InputName, input)]);
        return [.. outputs[0].AsEnumerable<float>()];
    }
}
