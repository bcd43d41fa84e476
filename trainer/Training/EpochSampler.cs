using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// Draws each epoch's batches of training rows. Without class balancing every row appears once per epoch in a fresh
/// order; with it, rows are drawn with replacement, a row of a class of n images with weight n^-balance, so small
/// classes (black shoes: 4 % of the photos) are seen more often. A batch of one is never formed (BatchNorm needs two).
/// </summary>
internal sealed class EpochSampler : IDisposable
{
    private readonly Tensor _rows;
    private readonly Tensor? _weights;
    private readonly Generator _generator;
    private readonly int _batchSize;

    public EpochSampler(int[] trainRows, IReadOnlyList<int> classOfImage, double balance, int batchSize, int seed, Device device)
    {
        ArgumentNullException.ThrowIfNull(trainRows);
        ArgumentNullException.ThrowIfNull(classOfImage);
        _batchSize = batchSize;
        _generator = new Generator(unchecked((ulong)seed));
        _rows = tensor(trainRows.Select(r => (long)r).ToArray(), device: device).DetachFromDisposeScope();
        if (balance > 0)
        {
            Dictionary<int, int> perClass = trainRows.CountBy(r => classOfImage[r]).ToDictionary();
            float[] weights = [.. trainRows.Select(r => (float)Math.Pow(perClass[classOfImage[r]], -balance))];
            _weights = tensor(weights).DetachFromDisposeScope();
        }

        BatchesPerEpoch = BatchesFor(trainRows.Length, batchSize);
        // A remainder of one row joins no batch: BatchNorm cannot normalise a batch of one.
        ImagesPerEpoch = trainRows.Length - (trainRows.Length % batchSize == 1 ? 1 : 0);
    }

    /// <summary>Batches per epoch for <paramref name="rows"/> rows: a last, smaller batch only when it has at least two rows.</summary>
    public static int BatchesFor(int rows, int batchSize) => (rows / batchSize) + (rows % batchSize >= 2 ? 1 : 0);

    public int BatchesPerEpoch { get; }

    public long ImagesPerEpoch { get; }

    /// <summary>The epoch's batches of row indexes (tensors in the caller's dispose scope).</summary>
    public IEnumerable<Tensor> NextEpoch()
    {
        Tensor order = _weights is null
            ? _rows.index_select(0, randperm(_rows.shape[0], generator: _generator).to(_rows.device))
            : _rows.index_select(0, multinomial(_weights, _rows.shape[0], replacement: true, generator: _generator).to(_rows.device));
        for (long start = 0; start < ImagesPerEpoch; start += _batchSize)
        {
            yield return order.narrow(0, start, Math.Min(_batchSize, ImagesPerEpoch - start));
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
        _weights?.Dispose();
        _generator.Dispose();
    }
}
