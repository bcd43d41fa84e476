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

        // 1 -> 0.5*1 + 0.5*3 = 2 -> 0.5*2 + 0.5*5 = 3.5
        Assert.Equal(3.5f, layer.weight!.item<float>(), 5);
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
