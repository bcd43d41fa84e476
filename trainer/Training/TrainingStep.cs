namespace FashionServerless.Trainer.Training;

/// <summary>Progress inside an epoch, reported after every optimiser step so a console can draw a live bar.</summary>
/// <param name="Epoch">The epoch in progress, from 1.</param>
/// <param name="MaxEpochs">The epoch budget.</param>
/// <param name="ImagesDone">Training images seen so far in this epoch.</param>
/// <param name="ImagesTotal">Training images per epoch.</param>
/// <param name="RunningLoss">Mean training loss over the images seen so far in this epoch.</param>
internal sealed record TrainingStep(int Epoch, int MaxEpochs, long ImagesDone, long ImagesTotal, double RunningLoss);
