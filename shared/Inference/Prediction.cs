namespace FashionServerless.Shared.Inference;

/// <summary>One image's classification, stamped with the model that made it.</summary>
/// <param name="ModelVersion">The manifest's version id.</param>
/// <param name="ModelSha256">SHA-256 of the ONNX bytes that ran (verified at load).</param>
/// <param name="Scores">Every label's sigmoid score, in the model's label order.</param>
/// <param name="Labels">The labels the manifest's decision rule predicts, in label order.</param>
/// <param name="Groups">Per group (colour, garment), in manifest order: the best label, its score and whether it fell below the group's floor.</param>
public sealed record Prediction(
    string ModelVersion,
    string ModelSha256,
    IReadOnlyDictionary<string, float> Scores,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, GroupPrediction> Groups)
{
    /// <summary>True when a group's best score fell below its floor: the image may not be black or blue apparel at all.</summary>
    public bool IsUncertain => Groups.Values.Any(g => g.Uncertain);
}
