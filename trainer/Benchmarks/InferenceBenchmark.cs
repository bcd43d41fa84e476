using FashionServerless.Shared.Inference;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// The shared <see cref="OnnxClassifier"/> on already preprocessed images: one image per call, then whole batches at
/// each size; and the serving path end to end (<see cref="OnnxClassifier.ClassifyImage"/>: decode, preprocess, infer).
/// </summary>
internal static class InferenceBenchmark
{
    private const int WarmUpCalls = 5;

    public static IReadOnlyList<BenchmarkFigure> Run(
        OnnxClassifier classifier, BenchmarkImageSet images, IReadOnlyList<int> batchSizes, OperationTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(batchSizes);
        ArgumentNullException.ThrowIfNull(timer);
        int perImage = classifier.ValuesPerImage;
        int count = images.Count;
        float[] pixels = images.Pixels;
        var figures = new List<BenchmarkFigure>();

        TimedOperations single = timer.WithOperations(count, WarmUpCalls)
            .Run(i => classifier.Classify(pixels.AsSpan(i % count * perImage, perImage)), cancellationToken);
        figures.Add(BenchmarkFigure.FromTimed("inference 1 image", "image", 1, single, "Classify on a preprocessed image"));

        foreach (int batchSize in batchSizes)
        {
            // The images cycled into whole batches, built before timing so each call only hands ORT a slice.
            int batches = Math.Max(1, (count + batchSize - 1) / batchSize);
            float[] buffer = new float[checked(batches * batchSize * perImage)];
            for (int slot = 0; slot < batches * batchSize; slot++)
            {
                pixels.AsSpan(slot % count * perImage, perImage).CopyTo(buffer.AsSpan(slot * perImage, perImage));
            }

            TimedOperations timed = timer.WithOperations(batches, 1)
                .Run(i => classifier.ClassifyBatch(buffer.AsMemory(i % batches * batchSize * perImage, batchSize * perImage), batchSize), cancellationToken);
            figures.Add(BenchmarkFigure.FromTimed($"inference batch {batchSize}", "batch", batchSize, timed, "ClassifyBatch on preprocessed images"));
        }

        return figures;
    }

    /// <summary>The serving path for one photo: <see cref="OnnxClassifier.ClassifyImage"/> on its encoded bytes.</summary>
    public static BenchmarkFigure RunEndToEnd(OnnxClassifier classifier, BenchmarkImageSet images, OperationTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(timer);
        IReadOnlyList<ReadOnlyMemory<byte>> encoded = images.Encoded;
        int count = encoded.Count;
        TimedOperations timed = timer.WithOperations(count, WarmUpCalls)
            .Run(i => classifier.ClassifyImage(encoded[i % count].Span), cancellationToken);
        return BenchmarkFigure.FromTimed("classify encoded photo", "image", 1, timed, "ClassifyImage: decode + preprocess + inference");
    }
}
