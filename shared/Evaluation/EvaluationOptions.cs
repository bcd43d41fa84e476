using System.ComponentModel.DataAnnotations;

namespace FashionServerless.Shared.Evaluation;

/// <summary>How the scheduled evaluation runs; bound from <c>FashionServerless:Evaluation</c>.</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "FashionServerless:Evaluation";

    /// <summary>Images downloaded, preprocessed and classified together (default 64): memory is one batch, whatever the container holds.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Concurrent downloads and decodes within a batch (default 4).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>A label's live positive rate may differ from its training rate by this much (absolute, default 0.15) before it is flagged.</summary>
    [Range(0.0, 1.0)]
    public double DriftTolerance { get; set; } = 0.15;
}
