using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Metrics;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace FashionServerless.Trainer.Training;

/// <summary>Scores images with a model in eval mode, without gradients, a batch at a time, on the model's device.</summary>
internal static class ModelScoring
{
    /// <summary>Sigmoid scores <c>[N][L]</c> for <paramref name="images"/> (<c>[N,3,H,W]</c>, any device).</summary>
    public static float[][] Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Score(model, images, targets: null, rows: null, batchSize).Scores;
    }

    /// <summary>The shared metrics of scores against targets (rows <c>[N][L]</c>), at the given thresholds (null: 0.5 each).</summary>
    public static MultiLabelMetrics Measure(LabelSchema schema, float[][] targets, float[][] scores, IReadOnlyList<float>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(scores);
        var accumulator = new MultiLabelMetricsAccumulator(schema, thresholds);
        for (int row = 0; row < scores.Length; row++)
        {
            accumulator.AddScores(targets[row], scores[row]);
        }

        return accumulator.ToMetrics();
    }

    /// <summary>Mean binary cross-entropy and sigmoid scores of the given rows of a data set.</summary>
    internal static (double Loss, float[][] Scores) Evaluate(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, IReadOnlyList<int> rows, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rows);
        return Score(model, images, targets, rows, batchSize);
    }

    private static (double Loss, float[][] Scores) Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor? targets, IReadOnlyList<int>? rows, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Device device = model.parameters().First().device;
        model.eval();
        using var noGrad = no_grad();
        using Tensor? rowIndex = rows is null ? null : tensor(rows.Select(r => (long)r).ToArray(), device: images.device);
        long count = rowIndex?.shape[0] ?? images.shape[0];
        var scores = new float[count][];
        double lossSum = 0;
        for (long start = 0; start < count; start += batchSize)
        {
            using DisposeScope scope = NewDisposeScope();
            long length = Math.Min(batchSize, count - start);
            Tensor index = rowIndex is null ? arange(start, start + length, dtype: ScalarType.Int64, device: images.device) : rowIndex.narrow(0, start, length);
            Tensor logits = model.forward(images.index_select(0, index).to(device));
            if (targets is not null)
            {
                Tensor expected = targets.index_select(0, index.to(targets.device)).to(device);
                lossSum += binary_cross_entropy_with_logits(logits, expected, reduction: nn.Reduction.Sum).item<float>();
            }

            float[] flat = logits.sigmoid().cpu().data<float>().ToArray();
            int labels = (int)logits.shape[1];
            for (int i = 0; i < length; i++)
            {
                scores[start + i] = flat.AsSpan(i * labels, labels).ToArray();
            }
        }

        long values = count * (targets?.shape[1] ?? 1);
        return (values == 0 ? 0 : lossSum / values, scores);
    }
}
