namespace FashionServerless.Trainer.Training;

/// <summary>One epoch's record, reported as it ends and kept in the history for curves.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="MaxEpochs">The epoch limit (training may stop earlier).</param>
/// <param name="TrainLoss">Mean binary cross-entropy over the (augmented) training batches.</param>
/// <param name="ValidationLoss">Mean binary cross-entropy on the validation split, in eval mode.</param>
/// <param name="ValidationMicroF1">At threshold 0.5.</param>
/// <param name="ValidationMacroF1">At threshold 0.5.</param>
/// <param name="LearningRate">The rate this epoch trained with.</param>
/// <param name="ImagesPerSecond">Training throughput of this epoch.</param>
/// <param name="Elapsed">Wall time of this epoch, training and validation.</param>
/// <param name="EstimatedRemaining">Time left if every remaining epoch runs (early stopping may end sooner).</param>
/// <param name="IsBest">The lowest validation loss of the epochs watched so far (warm-up epochs are not): these weights are the ones kept.</param>
internal sealed record EpochMetrics(
    int Epoch,
    int MaxEpochs,
    double TrainLoss,
    double ValidationLoss,
    double ValidationMicroF1,
    double ValidationMacroF1,
    double LearningRate,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan EstimatedRemaining,
    bool IsBest);
