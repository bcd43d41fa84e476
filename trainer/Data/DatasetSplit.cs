namespace FashionServerless.Trainer.Data;

/// <summary>Row indices of each split, ascending, and the seed that chose them.</summary>
internal sealed record DatasetSplit(int Seed, int[] Train, int[] Validation, int[] Test);
