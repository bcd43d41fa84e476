using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Decode + preprocess with the shared <see cref="ImagePreprocessor"/>: one image at a time on one thread, and
/// <see cref="ImagePreprocessor.PreprocessBatch"/> spread over every core. The parallel figure times chunks of
/// two images per core, so its latencies are wall milliseconds per chunk divided by the chunk's images.
/// </summary>
internal static class PreprocessBenchmark
{
    public static IReadOnlyList<BenchmarkFigure> Run(ImagePreprocessor preprocessor, BenchmarkImageSet images, OperationTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(timer);
        int perImage = preprocessor.Spec.ValuesPerImage;
        int count = images.Count;
        IReadOnlyList<ReadOnlyMemory<byte>> encoded = images.Encoded;

        float[] destination = new float[perImage];
        TimedOperations oneByOne = timer.WithOperations(count, Math.Min(count, 5))
            .Run(i => preprocessor.PreprocessInto(encoded[i % count].Span, destination), cancellationToken);

        int threads = Environment.ProcessorCount;
        int chunkSize = Math.Min(count, 2 * threads);
        ReadOnlyMemory<byte>[][] chunks = [.. encoded.Chunk(chunkSize)];
        float[] batch = new float[chunkSize * perImage];
        int rejected = 0;
        TimedOperations chunked = timer.WithOperations(chunks.Length, 1).Run(i =>
        {
            BatchPreprocessResult result = preprocessor.PreprocessBatch(chunks[i % chunks.Length], batch, threads);
            rejected += result.Rejections.Count;
        }, cancellationToken);
        if (rejected > 0)
        {
            throw new InvalidOperationException($"{rejected} images were rejected in the parallel pass though they passed on their own; the figure would be wrong.");
        }

        long[] chunkTicks = chunked.Ticks;
        // Chunks may differ in size (the last is short); the per-image figure spreads each chunk's time over its images.
        long[] perImageTicks = [.. chunkTicks.Select((ticks, i) => ticks / chunks[i % chunks.Length].Length)];
        BenchmarkFigure parallel = BenchmarkFigure.FromTicks($"preprocess parallel x{threads}", "image", 1, perImageTicks,
            $"PreprocessBatch over chunks of {chunkSize}, maxDegreeOfParallelism {threads}; ms are chunk wall time / images");
        int parallelImages = chunkTicks.Select((_, i) => chunks[i % chunks.Length].Length).Sum();
        double parallelImagesPerSecond = parallelImages / (chunkTicks.Sum() / (double)System.Diagnostics.Stopwatch.Frequency);
        return
        [
            BenchmarkFigure.FromTimed("preprocess 1 thread", "image", 1, oneByOne, "PreprocessInto, one image at a time"),
            parallel with { ImagesPerSecond = parallelImagesPerSecond, Operations = parallelImages, CpuMsPerImage = chunked.ProcessCpu.TotalMilliseconds / parallelImages },
        ];
    }
}
