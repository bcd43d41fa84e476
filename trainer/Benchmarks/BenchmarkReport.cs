namespace FashionServerless.Trainer.Benchmarks;

/// <summary>Everything one <c>bench</c> run measured, with what it ran on; written as the <c>--output</c> JSON.</summary>
/// <param name="TakenAt">When the run finished.</param>
/// <param name="Machine">Processor count, OS and runtime versions.</param>
/// <param name="Data">The images measured.</param>
/// <param name="Model">The model inference ran on.</param>
/// <param name="Limit">The matrix-multiply limit measured in the same run, which the inference figures are compared with.</param>
/// <param name="Preprocess">Decode + preprocess, single-threaded and parallel.</param>
/// <param name="Inference">Single-image latency and throughput per batch size.</param>
/// <param name="EndToEnd">Classify one encoded photo.</param>
/// <param name="Training">One training step.</param>
internal sealed record BenchmarkReport(
    DateTimeOffset TakenAt,
    MachineFacts Machine,
    BenchmarkData Data,
    BenchmarkModel Model,
    ComputeLimit Limit,
    IReadOnlyList<BenchmarkFigure> Preprocess,
    IReadOnlyList<BenchmarkFigure> Inference,
    BenchmarkFigure EndToEnd,
    BenchmarkFigure Training)
{
    /// <summary>Every figure in table order (a method, so the JSON holds each figure once).</summary>
    public IReadOnlyList<BenchmarkFigure> Figures() => [.. Preprocess, .. Inference, EndToEnd, Training];
}
