namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// What <c>bench serving</c> measured: the classification path (<c>UploadBackfill</c> over <c>UploadClassifier</c>, the blob
/// trigger's code) on real photos in real storage, per upload: CPU of this process and of the storage server, where
/// it went, and the storage requests.
/// </summary>
/// <param name="TakenAt">When the run finished.</param>
/// <param name="Machine">What it ran on.</param>
/// <param name="Data">The photos uploaded.</param>
/// <param name="Model">The model that classified them.</param>
/// <param name="Parallelism">Uploads classified at once (the backfill's and the host's default is 4).</param>
/// <param name="Uploads">Uploads in the measured pass (after an unmeasured warm-up pass over the same photos).</param>
/// <param name="Classified">How many of them were classified (the rest were rejected).</param>
/// <param name="WallSeconds">Wall time of the measured pass.</param>
/// <param name="WarmUpCpuMsPerUpload">This process's CPU per upload over the warm-up pass: a fresh process, model load and JIT included.</param>
/// <param name="ClassifierCpuMsPerUpload">This process's CPU (every thread) per upload over the measured pass.</param>
/// <param name="StorageCpuMsPerUpload">The storage server's CPU per upload (<c>--storage-pid</c>), or null when not given.</param>
/// <param name="DecodeMsPerUpload">CPU per photo of decode + preprocess alone, same photos, one at a time.</param>
/// <param name="InferenceMsPerUpload">CPU per photo of batch-1 inference alone (every ONNX Runtime thread).</param>
/// <param name="Requests">Storage requests of the measured pass by kind, with their count.</param>
internal sealed record ServingReport(
    DateTimeOffset TakenAt,
    MachineFacts Machine,
    BenchmarkData Data,
    BenchmarkModel Model,
    int Parallelism,
    int Uploads,
    int Classified,
    double WallSeconds,
    double WarmUpCpuMsPerUpload,
    double ClassifierCpuMsPerUpload,
    double? StorageCpuMsPerUpload,
    double DecodeMsPerUpload,
    double InferenceMsPerUpload,
    IReadOnlyList<StorageRequestKind> Requests)
{
    public double UploadsPerSecond => Uploads / WallSeconds;

    /// <summary>Everything else this process spent per upload: storage client, record, scheduling, garbage collection.</summary>
    public double OtherMsPerUpload => ClassifierCpuMsPerUpload - DecodeMsPerUpload - InferenceMsPerUpload;

    /// <summary>Process CPU per upload over its decode + preprocess + inference cost (the target is at most 2).</summary>
    public double OverheadRatio => ClassifierCpuMsPerUpload / (DecodeMsPerUpload + InferenceMsPerUpload);

    public double RequestsPerUpload => Requests.Sum(r => r.Count) / (double)Uploads;

    /// <summary>
    /// Uploads per second the machine's processors could sustain at these CPU costs (classifier and, when measured,
    /// storage server): unlike <see cref="UploadsPerSecond"/>, it holds while other jobs share the machine.
    /// </summary>
    public double CpuBoundUploadsPerSecond => Machine.ProcessorCount * 1000.0 / (ClassifierCpuMsPerUpload + (StorageCpuMsPerUpload ?? 0));
}
