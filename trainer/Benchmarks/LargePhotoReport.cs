namespace FashionServerless.Trainer.Benchmarks;

/// <summary>What <c>bench large-photos</c> measured: each camera size under each preprocessing version, and the catalogue photos for comparison.</summary>
internal sealed record LargePhotoReport(DateTimeOffset TakenAt, MachineFacts Machine, BenchmarkData Data, BenchmarkModel Model, IReadOnlyList<LargePhotoFigure> Figures);
