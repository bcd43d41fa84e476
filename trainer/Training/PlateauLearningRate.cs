namespace FashionServerless.Trainer.Training;

/// <summary>
/// Multiplies the learning rate by <c>factor</c> when the validation loss has not improved by more than
/// <c>minDelta</c> for <c>patience</c> epochs, never going below the minimum (Keras' <c>ReduceLROnPlateau</c>).
/// </summary>
internal sealed class PlateauLearningRate
{
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _minimum;
    private readonly double _minDelta;
    private double _best = double.PositiveInfinity;
    private int _epochsWithoutImprovement;

    public PlateauLearningRate(double initial, double factor, int patience, double minimum, double minDelta = 1e-4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initial);
        if (factor is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        Current = initial;
        _factor = factor;
        _patience = patience;
        _minimum = minimum;
        _minDelta = minDelta;
    }

    public double Current { get; private set; }

    /// <summary>Records an epoch's validation loss and returns the learning rate for the next epoch.</summary>
    public double Observe(double loss)
    {
        if (loss < _best - _minDelta)
        {
            _best = loss;
            _epochsWithoutImprovement = 0;
        }
        else if (++_epochsWithoutImprovement >= _patience)
        {
            Current = Math.Max(Current * _factor, _minimum);
            _epochsWithoutImprovement = 0;
        }

        return Current;
    }
}
