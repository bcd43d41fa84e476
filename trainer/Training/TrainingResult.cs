using FashionServerless.Trainer.Model;

namespace FashionServerless.Trainer.Training;

/// <summary>A finished training run. It owns the model; dispose it when done.</summary>
internal sealed class TrainingResult : IDisposable
{
    /// <summary>The final weights (the moving average when one was kept), in eval mode.</summary>
    public required ApparelNetwork Model { get; init; }

    public required IReadOnlyList<EpochMetrics> History { get; init; }

    /// <summary>Sigmoid scores <c>[N][L]</c> of the validation split (rows in <see cref="Data.DatasetSplit.Validation"/> order); empty without one.</summary>
    public required float[][] ValidationScores { get; init; }

    public required float[][] ValidationTargets { get; init; }

    /// <summary>Sigmoid scores <c>[N][L]</c> of the test split (rows in <see cref="Data.DatasetSplit.Test"/> order); empty without a test split.</summary>
    public required float[][] TestScores { get; init; }

    public required float[][] TestTargets { get; init; }

    /// <summary>
    /// With weight averaging: the held-out split's scores (test, else validation) with the last step's weights instead
    /// of the average, to show what averaging adds; null without averaging.
    /// </summary>
    public float[][]? LastStepHeldOutScores { get; init; }

    /// <summary>Where training ran: <c>cpu</c> or <c>cuda</c>.</summary>
    public required string Device { get; init; }

    public required TimeSpan Duration { get; init; }

    public void Dispose() => Model.Dispose();
}
