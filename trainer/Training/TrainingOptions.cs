using FashionServerless.Trainer.Model;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// How <see cref="ModelTrainer"/> trains: AdamW with decoupled weight decay under a one-cycle learning-rate schedule
/// stepped every batch, for a fixed number of epochs chosen once on held-out data (docs/experiments.md), so the shipped
/// model can learn from every photo without a validation split deciding when to stop.
/// </summary>
internal sealed record TrainingOptions
{
    public static TrainingOptions Default { get; } = new();

    public NetworkOptions Network { get; init; } = NetworkOptions.Default;

    /// <summary>The one-cycle schedule's peak learning rate; it starts at a 25th of this and anneals to almost zero.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>The share of steps spent warming up to the peak rate.</summary>
    public double WarmupFraction { get; init; } = 0.25;

    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.05;

    public int BatchSize { get; init; } = 64;

    public int Epochs { get; init; } = 36;

    /// <summary>Per-step decay of an exponential moving average of the weights that becomes the final model; 0 keeps the last weights.</summary>
    public double AverageDecay { get; init; }

    /// <summary>Mixup's Beta(alpha, alpha) parameter: each training image is blended with another of its batch; 0 for none.</summary>
    public double MixupAlpha { get; init; }

    /// <summary>Targets are pulled this far from 0 and 1 (label smoothing); 0 for none.</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>
    /// How strongly each epoch's draw evens out class sizes: rows are drawn with probability proportional to
    /// (class size)^-balance, so 0 keeps the natural frequencies (every row once per epoch, shuffled) and 1 draws every
    /// class equally often.
    /// </summary>
    public double ClassBalance { get; init; }

    /// <summary>Seeds weight initialisation, dropout, batch order and augmentation.</summary>
    public int Seed { get; init; } = 42;

    public AugmentationOptions Augmentation { get; init; } = AugmentationOptions.Default;

    /// <summary>Scores are the mean of the image's and its mirror image's (the manifest records it; serving does the same).</summary>
    public bool FlipAverage { get; init; }

    /// <summary>Batch size for validation and test scoring (no gradients, so it can be larger).</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Threads torch may use; null for every processor.</summary>
    public int? Threads { get; init; }

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>...; null picks CUDA when available, else the CPU.</summary>
    public string? Device { get; init; }

    internal void Validate(int inputSize = 96)
    {
        ArgumentNullException.ThrowIfNull(Network);
        Network.Validate(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
        if (WarmupFraction is <= 0 or >= 1)
        {
            throw new ArgumentException($"The warm-up share must be between 0 and 1; got {WarmupFraction}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs, nameof(Epochs));
        if (AverageDecay is < 0 or >= 1)
        {
            throw new ArgumentException($"The averaging decay must be in [0, 1); got {AverageDecay}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MixupAlpha, nameof(MixupAlpha));
        if (LabelSmoothing is < 0 or >= 0.5)
        {
            throw new ArgumentException($"Label smoothing must be in [0, 0.5); got {LabelSmoothing}.");
        }

        if (ClassBalance is < 0 or > 1)
        {
            throw new ArgumentException($"The class balance must be in [0, 1]; got {ClassBalance}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EvaluationBatchSize, nameof(EvaluationBatchSize));
        if (Threads is < 1)
        {
            throw new ArgumentException($"At least one thread is needed; got {Threads}.");
        }

        ArgumentNullException.ThrowIfNull(Augmentation);
        Augmentation.Validate();
    }
}
