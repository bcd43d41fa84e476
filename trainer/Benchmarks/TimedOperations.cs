namespace FashionServerless.Trainer.Benchmarks;

/// <summary>What <see cref="OperationTimer"/> recorded: each call's elapsed <see cref="System.Diagnostics.Stopwatch"/> ticks, and the process CPU time over all of them.</summary>
/// <param name="Ticks">Elapsed ticks per recorded call.</param>
/// <param name="ProcessCpu">CPU time of the whole process (every thread, ONNX Runtime's and TorchSharp's included) from the first recorded call to the last.</param>
internal sealed record TimedOperations(long[] Ticks, TimeSpan ProcessCpu);
