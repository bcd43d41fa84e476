namespace FashionServerless.Shared.Manifest;

/// <summary>What the model was trained on.</summary>
/// <param name="ImagesPerClass">Class folder name to image count (readable images only).</param>
/// <param name="Fingerprint">SHA-256 over the sorted (class, file name, content hash) list: same data, same fingerprint.</param>
/// <param name="SplitSeed">Seed of the stratified train/validation/test split.</param>
/// <param name="TrainCount">Images in the training split.</param>
/// <param name="ValidationCount">Images in the validation split.</param>
/// <param name="TestCount">Images in the test split.</param>
/// <param name="Skipped">Files that could not be read, with the reason (never silently dropped).</param>
public sealed record DatasetSummary(
    IReadOnlyDictionary<string, int> ImagesPerClass,
    string Fingerprint,
    int SplitSeed,
    int TrainCount,
    int ValidationCount,
    int TestCount,
    IReadOnlyList<SkippedFile> Skipped);
