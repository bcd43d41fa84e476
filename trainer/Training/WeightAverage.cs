using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// An exponential moving average of a model's parameters, updated after every optimiser step; BatchNorm's running
/// statistics are copied as they are, since they are averages already. The averaged weights generalise better than the
/// last step's, and cost one multiply-add per weight per step. The decay ramps up as (1 + n) / (10 + n) over the first
/// updates, so a short run's average is not dominated by the random initial weights.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly double _decay;
    private readonly (Tensor Live, Tensor Average)[] _parameters;
    private readonly (Tensor Live, Tensor Average)[] _buffers;
    private long _updates;

    public WeightAverage(nn.Module model, double decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (decay is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be between 0 and 1.");
        }

        _decay = decay;
        using var noGrad = no_grad();
        _parameters = [.. model.parameters().Select(p => ((Tensor)p, p.detach().clone().DetachFromDisposeScope()))];
        _buffers = [.. model.buffers().Select(b => (b, b.clone().DetachFromDisposeScope()))];
    }

    public void Update()
    {
        double decay = Math.Min(_decay, (1.0 + _updates) / (10.0 + _updates));
        _updates++;
        using var noGrad = no_grad();
        foreach ((Tensor live, Tensor average) in _parameters)
        {
            average.mul_(decay).add_(live, alpha: 1 - decay);
        }

        foreach ((Tensor live, Tensor average) in _buffers)
        {
            average.copy_(live);
        }
    }

    /// <summary>Overwrites the model's weights with the averages (the model must be the one this average follows).</summary>
    public void CopyTo()
    {
        using var noGrad = no_grad();
        foreach ((Tensor live, Tensor average) in _parameters.Concat(_buffers))
        {
            live.copy_(average);
        }
    }

    public void Dispose()
    {
        foreach ((_, Tensor average) in _parameters.Concat(_buffers))
        {
            average.Dispose();
        }
    }
}
