namespace FashionServerless.Trainer.Data;

/// <summary>
/// Splits each class separately, so every split has every class in the same proportions. The same class
/// assignment and seed always give the same split.
/// </summary>
internal static class StratifiedSplitter
{
    /// <param name="classOfImage">The class index of each row.</param>
    /// <exception cref="ArgumentException">A class is too small to give each non-empty split at least one image and training two.</exception>
    public static DatasetSplit Split(IReadOnlyList<int> classOfImage, int seed, SplitFractions? fractions = null)
    {
        ArgumentNullException.ThrowIfNull(classOfImage);
        fractions ??= SplitFractions.Default;
        fractions.Validate();
        var random = new Random(seed);
        List<int> train = [], validation = [], test = [];
        foreach (IGrouping<int, int> rows in Enumerable.Range(0, classOfImage.Count).GroupBy(i => classOfImage[i]).OrderBy(g => g.Key))
        {
            int[] shuffled = [.. rows];
            random.Shuffle(shuffled);
            int n = shuffled.Length;
            int validationCount = fractions.Validation == 0 ? 0 : Math.Max(1, (int)Math.Round(n * fractions.Validation, MidpointRounding.AwayFromZero));
            int testCount = fractions.Test == 0 ? 0 : Math.Max(1, (int)Math.Round(n * fractions.Test, MidpointRounding.AwayFromZero));
            if (n - validationCount - testCount < 1)
            {
                throw new ArgumentException($"Class {rows.Key} has {n} images, too few to split {fractions.Train}/{fractions.Validation}/{fractions.Test}.");
            }

            validation.AddRange(shuffled.AsSpan(0, validationCount));
            test.AddRange(shuffled.AsSpan(validationCount, testCount));
            train.AddRange(shuffled.AsSpan(validationCount + testCount));
        }

        return new DatasetSplit(seed, [.. train.Order()], [.. validation.Order()], [.. test.Order()]);
    }
}
