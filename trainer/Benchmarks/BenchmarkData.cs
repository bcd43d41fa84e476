using FashionServerless.Shared.Manifest;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>The images a <c>bench</c> run measured.</summary>
/// <param name="Folder">The data folder.</param>
/// <param name="Images">Images measured.</param>
/// <param name="EncodedBytes">Their total encoded size.</param>
/// <param name="Skipped">Files the preprocessor rejected, not measured.</param>
internal sealed record BenchmarkData(string Folder, int Images, long EncodedBytes, IReadOnlyList<SkippedFile> Skipped);
