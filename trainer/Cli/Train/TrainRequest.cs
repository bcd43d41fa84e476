using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>A <c>train</c> invocation, parsed and validated.</summary>
internal sealed record TrainRequest
{
    public string? DataFolder { get; init; }

    public string? Container { get; init; }

    public string? Prefix { get; init; }

    public required string OutputFolder { get; init; }

    public required TrainingOptions Training { get; init; }

    public required PreprocessingSpec Preprocessing { get; init; }

    public required SplitFractions Split { get; init; }

    public required DataLoadingOptions Loading { get; init; }

    public bool Publish { get; init; }

    public bool Force { get; init; }

    public required string EvaluationContainer { get; init; }
}
