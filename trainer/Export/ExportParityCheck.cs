using FashionServerless.Trainer.Training;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Export;

/// <summary>
/// Accepts an export only when ONNX Runtime and the TorchSharp model (eval mode, no grad) give the same sigmoid scores
/// on seeded random tensors and, when given, on real preprocessed images.
/// </summary>
internal static class ExportParityCheck
{
    public const double DefaultTolerance = 1e-4;
    public const int DefaultRandomSamples = 8;
    public const int DefaultSeed = 20_240_617;
    private const int ImageChunk = 32;

    /// <param name="model">The module that was exported; left in the training mode it was found in.</param>
    /// <param name="export">The export to verify.</param>
    /// <param name="images">Preprocessed images, <c>[N,C,H,W]</c> values back to back; empty for none.</param>
    /// <exception cref="ExportParityException">The outputs differ by more than <paramref name="tolerance"/>, or ONNX Runtime cannot run the export.</exception>
    public static ParityReport Verify(
        nn.Module<Tensor, Tensor> model,
        OnnxExport export,
        ReadOnlyMemory<float> images = default,
        int randomSamples = DefaultRandomSamples,
        int seed = DefaultSeed,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(export);
        ArgumentOutOfRangeException.ThrowIfLessThan(randomSamples, 1);
        if (images.Length % export.ValuesPerImage != 0)
        {
            throw new ArgumentException(
                $"The image buffer holds {images.Length} values, not a whole number of {export.ValuesPerImage}-value images.", nameof(images));
        }

        using InferenceSession session = OpenSession(export);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            var random = new Random(seed);
            var noise = new float[randomSamples * export.ValuesPerImage];
            for (int i = 0; i < noise.Length; i++)
            {
                noise[i] = random.NextSingle();
            }

            double randomDifference = Compare(model, session, export, noise, "random tensors", tolerance);
            int imageCount = images.Length / export.ValuesPerImage;
            double? imageDifference = null;
            for (int start = 0; start < imageCount; start += ImageChunk)
            {
                int count = Math.Min(ImageChunk, imageCount - start);
                ReadOnlyMemory<float> chunk = images.Slice(start * export.ValuesPerImage, count * export.ValuesPerImage);
                imageDifference = Math.Max(imageDifference ?? 0, Compare(model, session, export, chunk, "images", tolerance));
            }

            return new ParityReport(Math.Max(randomDifference, imageDifference ?? 0), randomDifference, imageDifference,
                randomSamples, imageCount, tolerance);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static InferenceSession OpenSession(OnnxExport export)
    {
        try
        {
            return new InferenceSession(export.Model);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ExportParityException($"ONNX Runtime cannot load the export: {ex.Message}", ex);
        }
    }

    private static double Compare(nn.Module<Tensor, Tensor> model, InferenceSession session, OnnxExport export,
        ReadOnlyMemory<float> batch, string inputKind, double tolerance)
    {
        int count = batch.Length / export.ValuesPerImage;
        long[] shape = [count, export.Channels, export.Height, export.Width];
        float[] expected = TorchScores(model, batch.ToArray(), shape, export.FlipAverage);
        float[] actual = OnnxScores(session, export, batch.ToArray(), shape);
        if (expected.Length != actual.Length)
        {
            throw new ExportParityException(inputKind, double.PositiveInfinity, tolerance, 0, 0);
        }

        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs((double)expected[i] - actual[i]);
            // NaN never compares greater, so it is caught explicitly: a NaN score is a broken export.
            if (difference > worst || double.IsNaN(difference))
            {
                worst = double.IsNaN(difference) ? double.PositiveInfinity : difference;
                worstIndex = i;
            }
        }

        int outputs = expected.Length / count;
        return worst <= tolerance
            ? worst
            : throw new ExportParityException(inputKind, worst, tolerance, worstIndex / outputs, worstIndex % outputs);
    }

    private static float[] TorchScores(nn.Module<Tensor, Tensor> model, float[] values, long[] shape, bool flipAverage)
    {
        using IDisposable noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        Device device = model.parameters().FirstOrDefault()?.device ?? CPU;
        Tensor input = tensor(values, shape).to(device);
        Tensor scores = ModelScoring.ScoreBatch(model, input, flipAverage).cpu();
        return scores.data<float>().ToArray();
    }

    private static float[] OnnxScores(InferenceSession session, OnnxExport export, float[] values, long[] shape)
    {
        try
        {
            using OrtValue input = OrtValue.CreateTensorValueFromMemory(values, shape);
            using RunOptions runOptions = new();
            using IDisposableReadOnlyCollection<OrtValue> outputs =
                session.Run(runOptions, [export.Info.InputName], [input], [export.Info.OutputName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ExportParityException($"ONNX Runtime cannot run the export: {ex.Message}", ex);
        }
    }
}
