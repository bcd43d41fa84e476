using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>The model a <c>bench</c> run's inference figures belong to.</summary>
/// <param name="Source">Where the model came from: the given file, or a freshly initialised reference CNN.</param>
/// <param name="Version">The manifest's version.</param>
/// <param name="Preprocessing">The spec every figure used.</param>
/// <param name="Untrained">Whether it is the untrained reference CNN (same graph and cost, meaningless scores).</param>
/// <param name="GflopPerImage">Its Conv/Gemm/MatMul operations per image, in GFLOP (<see cref="ModelComputeCost"/>).</param>
internal sealed record BenchmarkModel(string Source, string Version, PreprocessingSpec Preprocessing, bool Untrained, double GflopPerImage);
