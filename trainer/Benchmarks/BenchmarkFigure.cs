using System.Diagnostics;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>One measured hot path: throughput and the latency of one operation (an image, a batch or a training step).</summary>
/// <param name="Name">What was measured, e.g. <c>inference batch 16</c>.</param>
/// <param name="Unit">What one timed operation is: <c>image</c>, <c>batch</c>, <c>step</c>.</param>
/// <param name="ImagesPerOperation">Images one operation handles.</param>
/// <param name="Operations">Timed operations (warm-up excluded).</param>
/// <param name="ImagesPerSecond">Images handled per second of measured time.</param>
/// <param name="MeanMs">Mean milliseconds per operation.</param>
/// <param name="P50Ms">Median milliseconds per operation.</param>
/// <param name="P95Ms">95th percentile milliseconds per operation (nearest rank).</param>
/// <param name="Note">How the figure was taken, where the name alone does not say.</param>
internal sealed record BenchmarkFigure(
    string Name, string Unit, int ImagesPerOperation, int Operations, double ImagesPerSecond, double MeanMs, double P50Ms, double P95Ms, string? Note = null)
{
    /// <summary>Process CPU milliseconds per image (all threads): unlike the wall figures, it holds on a busy machine.</summary>
    public double? CpuMsPerImage { get; init; }

    /// <summary>For figures that run the model: GFLOP/s achieved (images/s x the model's GFLOP per image).</summary>
    public double? Gflops { get; init; }

    /// <summary>For figures that run the model: <see cref="Gflops"/> as a fraction of the same run's matrix-multiply limit.</summary>
    public double? FractionOfLimit { get; init; }

    /// <summary>For figures that run the model: GFLOP per CPU-second (all threads), compared with the limit's own per CPU-second.</summary>
    public double? GflopPerCpuSecond { get; init; }

    /// <summary>This figure with its compute rate and its fraction of <paramref name="limit"/>.</summary>
    public BenchmarkFigure WithCompute(double gflopPerImage, ComputeLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        double gflops = ImagesPerSecond * gflopPerImage;
        return this with
        {
            Gflops = gflops,
            FractionOfLimit = gflops / limit.Gflops,
            GflopPerCpuSecond = CpuMsPerImage is double cpu and > 0 ? gflopPerImage / (cpu / 1000.0) : null,
        };
    }

    public static BenchmarkFigure FromTimed(string name, string unit, int imagesPerOperation, TimedOperations timed, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(timed);
        return FromTicks(name, unit, imagesPerOperation, timed.Ticks, note) with
        {
            CpuMsPerImage = timed.ProcessCpu.TotalMilliseconds / ((double)timed.Ticks.Length * imagesPerOperation),
        };
    }

    public static BenchmarkFigure FromTicks(string name, string unit, int imagesPerOperation, long[] elapsedTicks, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(elapsedTicks);
        if (elapsedTicks.Length == 0)
        {
            throw new ArgumentException("At least one timed operation is needed.", nameof(elapsedTicks));
        }

        long[] sorted = [.. elapsedTicks];
        Array.Sort(sorted);
        double totalSeconds = sorted.Sum() / (double)Stopwatch.Frequency;
        return new BenchmarkFigure(
            name, unit, imagesPerOperation, sorted.Length,
            imagesPerOperation * (double)sorted.Length / Math.Max(totalSeconds, 1e-12),
            Milliseconds(sorted.Average()), Milliseconds(Percentile(sorted, 0.50)), Milliseconds(Percentile(sorted, 0.95)), note);
    }

    /// <summary>Nearest rank: the smallest sample at or above the fraction of samples.</summary>
    private static long Percentile(long[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Milliseconds(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
