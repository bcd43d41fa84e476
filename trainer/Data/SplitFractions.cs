namespace FashionServerless.Trainer.Data;

/// <summary>Shares of each class in the train, validation and test splits.</summary>
internal sealed record SplitFractions(double Train = 0.70, double Validation = 0.15, double Test = 0.15)
{
    public static SplitFractions Default { get; } = new();

    internal void Validate()
    {
        if (Train <= 0 || Validation <= 0 || Test < 0 || Math.Abs(Train + Validation + Test - 1) > 1e-6)
        {
            throw new ArgumentException($"Split fractions must be positive (test may be 0) and add up to 1; got {Train}/{Validation}/{Test}.");
        }
    }
}
