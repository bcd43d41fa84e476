namespace FashionServerless.Trainer.Data;

/// <summary>
/// Shares of each class in the train, validation and test splits. The default trains on everything: the recipe's
/// fixed schedule needs no validation split, and held-out figures come from runs that ask for one.
/// </summary>
internal sealed record SplitFractions(double Train = 1, double Validation = 0, double Test = 0)
{
    public static SplitFractions Default { get; } = new();

    public static SplitFractions All { get; } = new();

    internal void Validate()
    {
        if (Train <= 0 || Validation < 0 || Test < 0 || Math.Abs(Train + Validation + Test - 1) > 1e-6)
        {
            throw new ArgumentException($"Split fractions must add up to 1 with a positive training share (validation and test may be 0); got {Train}/{Validation}/{Test}.");
        }
    }
}
