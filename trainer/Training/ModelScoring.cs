using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace FashionServerless.Trainer.Training;

/// <summary>Scores images with a model in eval mode, without gradients, a batch at a time, on the model's device.</summary>
internal static class ModelScoring
{
    /// <summary>Sigmoid scores <c>[N][L]</c> for <paramref name="images"/> (<c>[N,3,H,W]</c>, any device).</summary>
    /// <param name="flipAverage">Average each image's scores with its mirror image's, as a manifest with flip averaging serves.</param>
    public static float[][] Predict(nn.Module<Tensor, Tensor> model, Tensor images, int batchSize = 256, bool flipAverage = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Score(model, images, targets: null, rows: null, batchSize, flipAverage).Scores;
    }

    /// <summary>The shared metrics of scores against targets (rows <c>[N][L]</c>), decided by <paramref name="decider"/>.</summary>
    public static MultiLabelMetrics Measure(LabelDecider decider, float[][] targets, float[][] scores)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(scores);
        var accumulator = new MultiLabelMetricsAccumulator(decider);
        for (int row = 0; row < scores.Length; row++)
        {
            accumulator.AddScores(targets[row], scores[row]);
        }

        return accumulator.ToMetrics();
    }

    /// <summary>Mean binary cross-entropy (of the averaged scores, with flip averaging) and sigmoid scores of the given rows of a data set.</summary>
    internal static (double Loss, float[][] Scores) Evaluate(nn.Module<Tensor, Tensor> model, Tensor images, Tensor targets, IReadOnlyList<int> rows, int batchSize, bool flipAverage = false)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rows);
        return Score(model, images, targets, rows, batchSize, flipAverage);
    }

    /// <summary>Sigmoid scores of one batch, <c>[B,L]</c>: the mean of the image's and its mirror image's with <paramref name="flipAverage"/>.</summary>
    public static Tensor ScoreBatch(nn.Module<Tensor, Tensor> model, Tensor batch, bool flipAverage)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        batch = ChannelsLastLayout.ToChannelsLast(batch);
        Tensor scores = model.call(batch).sigmoid();
        return flipAverage ? (scores + model.call(batch.flip(3)).sigmoid()) / 2 : scores;
    }

    private static (double Loss, float[][] Scores) Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor? targets, IReadOnlyList<int>? rows, int batchSize, bool flipAverage)
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
            Tensor batchScores = ScoreBatch(model, images.index_select(0, index).to(device), flipAverage);
            if (targets is not null)
            {
                Tensor expected = targets.index_select(0, index.to(targets.device)).to(device);
                lossSum += binary_cross_entropy(batchScores.clamp(1e-7, 1 - 1e-7), expected, reduction: nn.Reduction.Sum).item<float>();
            }

            float[] flat = batchScores.cpu().data<float>().ToArray();
            int labels = (int)batchScores.shape[1];
            for (int i = 0; i < length; i++)
            {
                scores[start + i] = flat.AsSpan(i * labels, labels).ToArray();
            }
        }

        long values = count * (targets?.shape[1] ?? 1);
        return (values == 0 ? 0 : lossSum / values, scores);
    }
}
