using FashionServerless.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class BatchMixerTests
{
    [Fact]
    public void Apply_TwoPlainImages_EachIsABlendWhoseTargetsUseTheSameWeight()
    {
        using DisposeScope scope = NewDisposeScope();
        // Image 0 is all 0 with targets [1,0]; image 1 is all 1 with targets [0,1].
        Tensor images = cat([zeros(1, 3, 4, 4), ones(1, 3, 4, 4)], 0);
        Tensor targets = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var mixer = new BatchMixer(alpha: 0.4, seed: 3);

        (Tensor mixedImages, Tensor mixedTargets) = mixer.Apply(images, targets);

        for (int i = 0; i < 2; i++)
        {
            // A blend of a 0-image and a 1-image is uniform, and its value is the share of image 1 in it.
            float share = mixedImages[i].mean().item<float>();
            Assert.True(mixedImages[i].allclose(full_like(mixedImages[i], share), rtol: 0, atol: 1e-6));
            Assert.Equal(1 - share, mixedTargets[i, 0].item<float>(), 5);
            Assert.Equal(share, mixedTargets[i, 1].item<float>(), 5);
        }
    }

    [Fact]
    public void Apply_SameSeed_SameBlends()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor images = rand(8, 3, 4, 4);
        Tensor targets = rand(8, 5);
        using var first = new BatchMixer(0.4, seed: 1);
        using var second = new BatchMixer(0.4, seed: 1);

        Assert.True(first.Apply(images, targets).Images.allclose(second.Apply(images, targets).Images, rtol: 0, atol: 0));
    }
}
