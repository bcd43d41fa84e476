namespace FashionServerless.Trainer.Training;

/// <summary>How <see cref="ModelTrainer"/> trains. The defaults are the reference study's settings plus a three-epoch warm-up (<see cref="WarmupEpochs"/>).</summary>
internal sealed record TrainingOptions
{
    public static TrainingOptions Default { get; } = new();

    public double LearningRate { get; init; } = 1e-3;

    public int BatchSize { get; init; } = 64;

    public int MaxEpochs { get; init; } = 100;

    /// <summary>Epochs without a lower validation loss before training stops; the best epoch's weights are restored.</summary>
    public int EarlyStoppingPatience { get; init; } = 5;

    public double EarlyStoppingMinDelta { get; init; }

    /// <summary>
    /// Epochs at the start that neither early stopping nor the plateau schedule watch (Keras' <c>start_from_epoch</c>).
    /// A freshly initialised network predicts close to the base rates, which scores a low validation loss that the
    /// first real learning raises again; counted, it stops a small run before the network has learnt anything.
    /// </summary>
    public int WarmupEpochs { get; init; } = 3;

    /// <summary>The learning rate is multiplied by this after <see cref="PlateauPatience"/> epochs without improvement.</summary>
    public double PlateauFactor { get; init; } = 0.2;

    public int PlateauPatience { get; init; } = 3;

    public double PlateauMinDelta { get; init; } = 1e-4;

    public double MinLearningRate { get; init; } = 1e-6;

    /// <summary>Seeds weight initialisation, dropout, batch order and augmentation.</summary>
    public int Seed { get; init; } = 42;

    public AugmentationOptions Augmentation { get; init; } = AugmentationOptions.Default;

    /// <summary>Batch size for validation and test scoring (no gradients, so it can be larger).</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Threads torch may use; null for every processor.</summary>
    public int? Threads { get; init; }

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>...; null picks CUDA when available, else the CPU.</summary>
    public string? Device { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEpochs, nameof(MaxEpochs));
        ArgumentOutOfRangeException.ThrowIfNegative(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupEpochs, nameof(WarmupEpochs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EvaluationBatchSize, nameof(EvaluationBatchSize));
        if (Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "At least one thread is needed.");
        }

        ArgumentNullException.ThrowIfNull(Augmentation);
        Augmentation.Validate();
        _ = new PlateauLearningRate(LearningRate, PlateauFactor, PlateauPatience, MinLearningRate, PlateauMinDelta);
    }
}
