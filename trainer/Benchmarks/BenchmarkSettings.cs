namespace FashionServerless.Trainer.Benchmarks;

/// <summary>How much to measure.</summary>
internal sealed record BenchmarkSettings
{
    /// <summary>Images read from the data folder (taken round-robin over the class folders).</summary>
    public int Images { get; init; } = 500;

    /// <summary>Batch sizes for the inference throughput figures.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 16, 64];

    /// <summary>When set, each measurement repeats past its one pass over the images until this long has passed.</summary>
    public TimeSpan? MinimumDuration { get; init; }

    /// <summary>Timed training steps (after one warm-up step).</summary>
    public int TrainingSteps { get; init; } = 5;

    public int TrainingBatchSize { get; init; } = 64;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Images, 1, nameof(Images));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainingSteps, 1, nameof(TrainingSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainingBatchSize, 1, nameof(TrainingBatchSize));
        if (BatchSizes.Count == 0 || BatchSizes.Any(b => b < 1))
        {
            throw new ArgumentException("Give at least one batch size, each at least 1.", nameof(BatchSizes));
        }
    }
}
