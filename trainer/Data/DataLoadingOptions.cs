namespace FashionServerless.Trainer.Data;

/// <summary>How <see cref="LabelledImageLoader"/> reads a labelled image set.</summary>
internal sealed record DataLoadingOptions
{
    public static DataLoadingOptions Default { get; } = new();

    /// <summary>A class with fewer readable images than this is an error before training (each split needs some). At least 3.</summary>
    public int MinImagesPerClass { get; init; } = 5;

    /// <summary>Images decoded at once. Output order never depends on it.</summary>
    public int DecodeParallelism { get; init; } = Math.Min(2, Environment.ProcessorCount);
}
