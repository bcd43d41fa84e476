using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>A <c>train</c> invocation, parsed and validated.</summary>
internal sealed record TrainRequest
{
    /// <summary>
    /// The recipe's floor, chosen on held-out photos and generated out-of-set images (docs/experiments.md): it marks few
    /// real photos uncertain and most images that are not black or blue apparel.
    /// </summary>
    public const float DefaultUncertaintyFloor = 0f;

    public string? DataFolder { get; init; }

    public string? Container { get; init; }

    public string? Prefix { get; init; }

    /// <summary>Add the uploads reviewers labelled to the training data.</summary>
    public bool WithFeedback { get; init; }

    public required string OutputFolder { get; init; }

    public required TrainingOptions Training { get; init; }

    public required PreprocessingSpec Preprocessing { get; init; }

    public required SplitFractions Split { get; init; }

    public required DataLoadingOptions Loading { get; init; }

    /// <summary>A group whose best score is below this is uncertain (0: never).</summary>
    public float UncertaintyFloor { get; init; } = DefaultUncertaintyFloor;

    public bool Publish { get; init; }

    public bool Force { get; init; }

    public required string EvaluationContainer { get; init; }
}
