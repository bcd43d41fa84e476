using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// Mixup: each image of a batch is blended with another image of the same batch, and its targets with that image's
/// targets, by a weight drawn from Beta(alpha, alpha) per image. With sigmoid outputs a blend of a black dress and a
/// blue shirt has targets of 0.7 black, 0.3 blue and so on, which keeps a small data set from being memorised. Random
/// numbers come from the mixer's own generator, so the same seed gives the same blends.
/// </summary>
internal sealed class BatchMixer : IDisposable
{
    private readonly double _alpha;
    private readonly Generator _generator;

    public BatchMixer(double alpha, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        _alpha = alpha;
        _generator = new Generator(unchecked((ulong)seed));
    }

    /// <summary>Blended copies of <paramref name="images"/> (<c>[B,C,H,W]</c>) and <paramref name="targets"/> (<c>[B,L]</c>), in the caller's dispose scope.</summary>
    public (Tensor Images, Tensor Targets) Apply(Tensor images, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(targets);
        long count = images.shape[0];
        Tensor partner = randperm(count, generator: _generator).to(images.device);
        // Beta(a, a) as G1 / (G1 + G2) with G1, G2 ~ Gamma(a).
        Tensor concentration = full([2, count], _alpha, dtype: ScalarType.Float32);
        Tensor gammas = _standard_gamma(concentration, _generator).to(images.device);
        Tensor weight = gammas[0] / (gammas[0] + gammas[1]);
        Tensor imageWeight = weight.reshape(count, 1, 1, 1);
        Tensor targetWeight = weight.reshape(count, 1);
        Tensor mixedImages = (images * imageWeight) + (images.index_select(0, partner) * (1 - imageWeight));
        Tensor mixedTargets = (targets * targetWeight) + (targets.index_select(0, partner) * (1 - targetWeight));
        return (mixedImages, mixedTargets);
    }

    public void Dispose() => _generator.Dispose();
}
