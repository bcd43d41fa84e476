using System.Diagnostics;
using FashionServerless.Trainer.Benchmarks;

namespace FashionServerless.Trainer.Tests.Benchmarks;

public sealed class BenchmarkFigureTests
{
    [Fact]
    public void FromTicks_KnownSamples_GivesNearestRankPercentilesAndThroughput()
    {
        long ms = Stopwatch.Frequency / 1000;
        long[] ticks = [.. Enumerable.Range(1, 20).Select(i => i * ms).Reverse()];

        BenchmarkFigure figure = BenchmarkFigure.FromTicks("x", "batch", 4, ticks);

        Assert.Equal(20, figure.Operations);
        Assert.Equal(10.0, figure.P50Ms, 3);
        Assert.Equal(19.0, figure.P95Ms, 3);
        Assert.Equal(10.5, figure.MeanMs, 3);
        // 80 images in 210 ms.
        Assert.Equal(80 / 0.210, figure.ImagesPerSecond, 1);
    }

    [Fact]
    public void FromTicks_NoSamples_Throws() =>
        Assert.Throws<ArgumentException>(() => BenchmarkFigure.FromTicks("x", "image", 1, []));
}
