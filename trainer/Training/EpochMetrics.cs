namespace FashionServerless.Trainer.Training;

/// <summary>One epoch's record, reported as it ends and kept in the history for curves.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Epochs">The run's epochs.</param>
/// <param name="TrainLoss">Mean binary cross-entropy over the (augmented) training batches.</param>
/// <param name="Validation">The validation split's loss and F1 in eval mode, or null when the run has no validation split.</param>
/// <param name="LearningRate">The rate at the end of this epoch (the schedule moves every step).</param>
/// <param name="ImagesPerSecond">Training throughput of this epoch.</param>
/// <param name="Elapsed">Wall time of this epoch, training and validation.</param>
/// <param name="EstimatedRemaining">Time left for the remaining epochs.</param>
internal sealed record EpochMetrics(
    int Epoch,
    int Epochs,
    double TrainLoss,
    ValidationFigures? Validation,
    double LearningRate,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan EstimatedRemaining);
