using FashionServerless.Trainer.Cli.Train;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Tests.Cli.Train;

public sealed class TrainingProgressTests
{
    [Fact]
    public void Bar_HalfAnEpoch_FillsHalfTheBarAndShowsCountsAndLoss()
    {
        string bar = TrainingProgress.Bar(new TrainingStep(Epoch: 3, MaxEpochs: 100, ImagesDone: 1481, ImagesTotal: 2962, RunningLoss: 0.23456));

        Assert.Equal("epoch   3/100 [###############...............] 1481/2962 images  loss 0.2346", bar);
    }

    [Fact]
    public void Bar_EpochDone_IsFull()
    {
        string bar = TrainingProgress.Bar(new TrainingStep(1, 12, 200, 200, 0.5));

        Assert.Contains("[" + new string('#', 30) + "]", bar, StringComparison.Ordinal);
    }
}
