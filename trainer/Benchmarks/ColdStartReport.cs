namespace FashionServerless.Trainer.Benchmarks;

/// <summary>What <c>bench cold-start</c> measured: every run, and the median of each part over them.</summary>
/// <param name="TakenAt">When the runs finished.</param>
/// <param name="Machine">What they ran on.</param>
/// <param name="Model">The model loaded.</param>
/// <param name="ModelBytes">Size of <c>model.onnx</c>.</param>
/// <param name="Runs">Each run, each in a fresh process.</param>
/// <param name="Median">The median of each part over <paramref name="Runs"/> (so its total need not be the median total).</param>
/// <param name="WorkerStartupMs">
/// The Functions worker's start-up through the protocol host, measured elsewhere and passed in with
/// <c>--worker-startup-ms</c>; null when not given. Added to <see cref="TotalMs"/> when present.
/// </param>
internal sealed record ColdStartReport(
    DateTimeOffset TakenAt, MachineFacts Machine, BenchmarkModel Model, long ModelBytes, IReadOnlyList<ColdStartRun> Runs, ColdStartRun Median, double? WorkerStartupMs)
{
    /// <summary>The target's total: worker start-up (when known) and the median parts, the .NET runtime's own start excluded.</summary>
    public double TotalMs => (WorkerStartupMs ?? 0) + Median.TotalMs;
}
