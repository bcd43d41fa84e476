namespace FashionServerless.Trainer.Benchmarks;

/// <summary>What <c>bench training</c> measured: the step as a whole against the machine's limit, and where its time went.</summary>
/// <param name="MeasuredAt">When.</param>
/// <param name="Machine">The machine.</param>
/// <param name="Network">The network, as the manifest describes it.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="ForwardGflopPerImage">Multiply-adds of one forward pass (Conv and Gemm nodes of its export), as GFLOP.</param>
/// <param name="Step">The whole step: images/s, its GFLOP/s (3x the forward pass per image) and fraction of the limit.</param>
/// <param name="Limit">The same run's matrix-multiply limit.</param>
/// <param name="Phases">Each phase's share of the step: gather, augment, forward + loss, backward, optimiser update.</param>
internal sealed record TrainingPhaseReport(
    DateTimeOffset MeasuredAt, MachineFacts Machine, string Network, int BatchSize, double ForwardGflopPerImage, BenchmarkFigure Step, ComputeLimit Limit,
    IReadOnlyList<TrainingPhase> Phases);

/// <summary>One phase of a training step.</summary>
/// <param name="Name">What it does.</param>
/// <param name="MsPerStep">Mean wall milliseconds per step.</param>
/// <param name="Share">Fraction of the step's time.</param>
internal sealed record TrainingPhase(string Name, double MsPerStep, double Share);
