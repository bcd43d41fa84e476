using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class PlateauLearningRateTests
{
    [Fact]
    public void Observe_PlateauOfPatienceEpochs_MultipliesRateByFactor()
    {
        var schedule = new PlateauLearningRate(initial: 1e-3, factor: 0.2, patience: 3, minimum: 1e-6);

        double[] rates = [.. Enumerable.Repeat(1.0, 7).Select(schedule.Observe)];

        Assert.Equal(1e-3, rates[0]);
        Assert.Equal(1e-3, rates[2]);
        Assert.Equal(2e-4, rates[3], 12);
        Assert.Equal(2e-4, rates[5], 12);
        Assert.Equal(4e-5, rates[6], 12);
    }

    [Fact]
    public void Observe_SteadyImprovement_KeepsRate()
    {
        var schedule = new PlateauLearningRate(1e-3, 0.2, 3, 1e-6);

        double last = 0;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            last = schedule.Observe(1.0 - (epoch * 0.01));
        }

        Assert.Equal(1e-3, last);
    }

    [Fact]
    public void Observe_ImprovementBelowMinDelta_CountsAsPlateau()
    {
        var schedule = new PlateauLearningRate(1e-3, 0.5, patience: 2, minimum: 0, minDelta: 1e-4);

        schedule.Observe(1.0);
        schedule.Observe(0.99995);
        double rate = schedule.Observe(0.9999);

        Assert.Equal(5e-4, rate, 12);
    }

    [Fact]
    public void Observe_LongPlateau_NeverGoesBelowMinimum()
    {
        var schedule = new PlateauLearningRate(1e-3, 0.2, 1, 1e-6);

        for (int epoch = 0; epoch < 20; epoch++)
        {
            schedule.Observe(1.0);
        }

        Assert.Equal(1e-6, schedule.Current);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Constructor_FactorOutsideZeroToOne_Throws(double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlateauLearningRate(1e-3, factor, 3, 1e-6));
    }
}
