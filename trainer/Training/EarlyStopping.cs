namespace FashionServerless.Trainer.Training;

/// <summary>
/// Stops training once the validation loss has not improved for <c>patience</c> epochs in a row, remembering the
/// best epoch so its weights can be restored (Keras' <c>EarlyStopping(restore_best_weights=True)</c>).
/// </summary>
internal sealed class EarlyStopping
{
    private readonly int _patience;
    private readonly double _minDelta;
    private int _epochsWithoutImprovement;

    public EarlyStopping(int patience, double minDelta = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        _patience = patience;
        _minDelta = minDelta;
    }

    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>The epoch with the lowest loss so far; 0 before any epoch.</summary>
    public int BestEpoch { get; private set; }

    public bool ShouldStop => _epochsWithoutImprovement > 0 && _epochsWithoutImprovement >= _patience;

    /// <summary>Records an epoch's validation loss; true when it is the best so far (save its weights).</summary>
    public bool Observe(int epoch, double loss)
    {
        if (loss < BestLoss - _minDelta)
        {
            BestLoss = loss;
            BestEpoch = epoch;
            _epochsWithoutImprovement = 0;
            return true;
        }

        _epochsWithoutImprovement++;
        return false;
    }
}
