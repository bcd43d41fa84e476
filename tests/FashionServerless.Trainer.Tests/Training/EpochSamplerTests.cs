using FashionServerless.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class EpochSamplerTests
{
    // 90 rows of class 0 and 10 rows of class 1.
    private static readonly int[] Rows = [.. Enumerable.Range(0, 100)];
    private static readonly int[] ClassOf = [.. Enumerable.Range(0, 100).Select(i => i < 90 ? 0 : 1)];

    [Fact]
    public void NextEpoch_NoBalance_EveryRowOnceInANewOrder()
    {
        using var sampler = new EpochSampler(Rows, ClassOf, balance: 0, batchSize: 32, seed: 1, CPU);

        long[] first = Drawn(sampler);
        long[] second = Drawn(sampler);

        Assert.Equal(Rows.Select(r => (long)r), first.Order());
        Assert.Equal(Rows.Select(r => (long)r), second.Order());
        Assert.NotEqual(first, second);
        Assert.Equal(4, sampler.BatchesPerEpoch);
    }

    [Fact]
    public void NextEpoch_FullBalance_SmallClassDrawnAboutAsOftenAsTheLargeOne()
    {
        using var sampler = new EpochSampler(Rows, ClassOf, balance: 1, batchSize: 50, seed: 2, CPU);

        long[] drawn = [.. Enumerable.Range(0, 20).SelectMany(_ => Drawn(sampler))];

        double smallShare = drawn.Count(r => r >= 90) / (double)drawn.Length;
        Assert.InRange(smallShare, 0.45, 0.55);
    }

    [Fact]
    public void NextEpoch_RemainderOfOne_IsLeftOutRatherThanABatchOfOne()
    {
        using var sampler = new EpochSampler(Rows[..33], ClassOf[..33], balance: 0, batchSize: 16, seed: 3, CPU);

        using DisposeScope scope = NewDisposeScope();
        long[] sizes = [.. sampler.NextEpoch().Select(batch => batch.shape[0])];

        Assert.Equal([16L, 16L], sizes);
        Assert.Equal(32, sampler.ImagesPerEpoch);
    }

    private static long[] Drawn(EpochSampler sampler)
    {
        using DisposeScope scope = NewDisposeScope();
        return [.. sampler.NextEpoch().SelectMany(batch => batch.data<long>().ToArray())];
    }
}
