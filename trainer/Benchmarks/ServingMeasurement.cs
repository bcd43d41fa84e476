namespace FashionServerless.Trainer.Benchmarks;

/// <summary>The figures <see cref="ServingBenchmark"/> takes; <see cref="ServingReport"/> adds what they were taken on.</summary>
internal sealed record ServingMeasurement(
    int Uploads,
    int Classified,
    double WallSeconds,
    double WarmUpCpuMsPerUpload,
    double ClassifierCpuMsPerUpload,
    double? StorageCpuMsPerUpload,
    double DecodeMsPerUpload,
    double InferenceMsPerUpload,
    IReadOnlyList<StorageRequestKind> Requests);
