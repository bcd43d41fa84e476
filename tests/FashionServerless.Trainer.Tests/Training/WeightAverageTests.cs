using FashionServerless.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class WeightAverageTests
{
    [Fact]
    public void Update_ThenCopyTo_ModelHoldsTheExponentialAverageOfItsWeights()
    {
        using var layer = nn.Linear(1, 1, hasBias: false);
        using (no_grad())
        {
            layer.weight!.fill_(1f);
        }

        using var average = new WeightAverage(layer, decay: 0.5);
        foreach (float value in new[] { 3f, 5f })
        {
            using (no_grad())
            {
                layer.weight!.fill_(value);
            }

            average.Update();
        }

        average.CopyTo();

        // The decay ramps as (1 + n) / (10 + n): 0.1 then 2/11, both under 0.5.
        // 1 -> 0.1*1 + 0.9*3 = 2.8 -> (2/11)*2.8 + (9/11)*5 = 4.6
        Assert.Equal(4.6f, layer.weight!.item<float>(), 4);
    }

    [Fact]
    public void Update_ManyTimes_DecayReachesTheGivenValue()
    {
        using var layer = nn.Linear(1, 1, hasBias: false);
        using var average = new WeightAverage(layer, decay: 0.5);
        using (no_grad())
        {
            layer.weight!.fill_(0f);
        }

        for (int i = 0; i < 20; i++)
        {
            average.Update();
        }

        using (no_grad())
        {
            layer.weight!.fill_(8f);
        }

        average.Update();
        average.CopyTo();

        // After 20 updates (1 + 20) / (10 + 20) = 0.7 exceeds 0.5, so the given decay applies: 0.5*0 + 0.5*8.
        Assert.Equal(4f, layer.weight!.item<float>(), 5);
    }

    [Fact]
    public void CopyTo_BatchNormStatistics_AreTheLiveOnesNotAveraged()
    {
        using var norm = nn.BatchNorm2d(1);
        using var average = new WeightAverage(norm, decay: 0.9);
        norm.train();
        using (Tensor batch = full([4, 1, 2, 2], 10f))
        {
            using Tensor _ = norm.call(batch);
        }

        float live = norm.running_mean!.item<float>();
        average.Update();
        average.CopyTo();

        Assert.Equal(live, norm.running_mean!.item<float>(), 6);
        Assert.NotEqual(0f, live);
    }
}
