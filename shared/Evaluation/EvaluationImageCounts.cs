namespace FashionServerless.Shared.Evaluation;

/// <summary>What happened to the evaluation container's blobs: every listed blob was either evaluated or rejected.</summary>
/// <param name="Listed">Blobs found in the container.</param>
/// <param name="Evaluated">Images scored into the metrics.</param>
/// <param name="Rejected">Blobs that could not be scored; each is in <see cref="EvaluationReport.RejectedImages"/> with its reason.</param>
public sealed record EvaluationImageCounts(long Listed, long Evaluated, long Rejected)
{
    /// <summary>Of the evaluated images, those in which a group's best score fell below the model's floor (the model doubted them).</summary>
    public long Uncertain { get; init; }
}
