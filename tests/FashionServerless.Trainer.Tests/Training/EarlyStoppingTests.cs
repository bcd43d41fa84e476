using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void Observe_NoImprovementForPatienceEpochs_StopsAndRemembersBestEpoch()
    {
        var stopping = new EarlyStopping(patience: 2);
        double[] losses = [1.0, 0.8, 0.9, 0.85];
        var stoppedAfter = new List<bool>();

        for (int epoch = 1; epoch <= losses.Length; epoch++)
        {
            stopping.Observe(epoch, losses[epoch - 1]);
            stoppedAfter.Add(stopping.ShouldStop);
        }

        Assert.Equal([false, false, false, true], stoppedAfter);
        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(0.8, stopping.BestLoss);
    }

    [Fact]
    public void Observe_ImprovementResetsTheCount()
    {
        var stopping = new EarlyStopping(patience: 2);

        Assert.True(stopping.Observe(1, 1.0));
        Assert.False(stopping.Observe(2, 1.1));
        Assert.True(stopping.Observe(3, 0.9));
        Assert.False(stopping.Observe(4, 0.95));

        Assert.False(stopping.ShouldStop);
        Assert.Equal(3, stopping.BestEpoch);
    }

    [Fact]
    public void Observe_ImprovementSmallerThanMinDelta_DoesNotCount()
    {
        var stopping = new EarlyStopping(patience: 1, minDelta: 0.01);

        stopping.Observe(1, 1.0);
        bool best = stopping.Observe(2, 0.995);

        Assert.False(best);
        Assert.True(stopping.ShouldStop);
    }

    [Fact]
    public void Observe_NaNLoss_IsNotAnImprovement()
    {
        var stopping = new EarlyStopping(patience: 1);

        stopping.Observe(1, 0.5);

        Assert.False(stopping.Observe(2, double.NaN));
        Assert.True(stopping.ShouldStop);
        Assert.Equal(1, stopping.BestEpoch);
    }
}
