using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Tests.Data;

public sealed class StratifiedSplitterTests
{
    /// <summary>70/15/15: the split a run with held-out figures asks for (the default holds nothing out).</summary>
    private static readonly SplitFractions Held = new(0.7, 0.15, 0.15);

    private static readonly int[] TenClassesOfThirty = [.. Enumerable.Range(0, 300).Select(i => i % 10)];

    [Fact]
    public void Split_TenClassesOfThirty_EverySplitHoldsEveryClassInProportion()
    {
        DatasetSplit split = StratifiedSplitter.Split(TenClassesOfThirty, seed: 1, Held);

        for (int c = 0; c < 10; c++)
        {
            Assert.Equal(20, split.Train.Count(i => TenClassesOfThirty[i] == c));
            Assert.Equal(5, split.Validation.Count(i => TenClassesOfThirty[i] == c));
            Assert.Equal(5, split.Test.Count(i => TenClassesOfThirty[i] == c));
        }
    }

    [Fact]
    public void Split_AnySeed_PartitionsEveryRowExactlyOnce()
    {
        DatasetSplit split = StratifiedSplitter.Split(TenClassesOfThirty, seed: 3, Held);

        Assert.Equal(Enumerable.Range(0, 300), split.Train.Concat(split.Validation).Concat(split.Test).Order());
    }

    [Fact]
    public void Split_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        DatasetSplit a = StratifiedSplitter.Split(TenClassesOfThirty, seed: 42, Held);
        DatasetSplit b = StratifiedSplitter.Split(TenClassesOfThirty, seed: 42, Held);
        DatasetSplit c = StratifiedSplitter.Split(TenClassesOfThirty, seed: 43, Held);

        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Test, c.Test);
        Assert.Equal(42, a.Seed);
    }

    [Fact]
    public void Split_UnevenClasses_RoundsPerClassAndKeepsAtLeastOneInEachSplit()
    {
        int[] classes = [.. Enumerable.Repeat(0, 5), .. Enumerable.Repeat(1, 100)];

        DatasetSplit split = StratifiedSplitter.Split(classes, seed: 0, Held);

        Assert.Equal(1, split.Validation.Count(i => classes[i] == 0));
        Assert.Equal(1, split.Test.Count(i => classes[i] == 0));
        Assert.Equal(15, split.Validation.Count(i => classes[i] == 1));
        Assert.Equal(70, split.Train.Count(i => classes[i] == 1));
    }

    [Fact]
    public void Split_ClassTooSmallToSplit_Throws()
    {
        Assert.Throws<ArgumentException>(() => StratifiedSplitter.Split([0, 0, 1, 1, 1, 1, 1], seed: 0, Held));
    }

    [Fact]
    public void Split_FractionsNotAddingUpToOne_Throws()
    {
        Assert.Throws<ArgumentException>(() => StratifiedSplitter.Split(TenClassesOfThirty, 0, new SplitFractions(0.7, 0.2, 0.2)));
    }

    [Fact]
    public void Split_DefaultFractions_EveryImageTrains()
    {
        DatasetSplit split = StratifiedSplitter.Split(TenClassesOfThirty, seed: 1);

        Assert.Equal(300, split.Train.Length);
        Assert.Empty(split.Validation);
        Assert.Empty(split.Test);
    }
}
