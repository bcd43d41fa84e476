namespace FashionServerless.Trainer.Export;

/// <summary>What the parity check measured; recorded in the training report.</summary>
/// <param name="MaxAbsDifference">Largest |ONNX Runtime - TorchSharp| sigmoid score over all compared samples.</param>
/// <param name="RandomMaxAbsDifference">The same over the seeded random tensors only.</param>
/// <param name="ImagesMaxAbsDifference">The same over the real preprocessed images, null when none were given.</param>
internal sealed record ParityReport(
    double MaxAbsDifference,
    double RandomMaxAbsDifference,
    double? ImagesMaxAbsDifference,
    int RandomSamples,
    int ImageSamples,
    double Tolerance);
