using System.Diagnostics;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// The measuring half of <c>bench cold-start</c>, run in a fresh process: the serving instance's first steps, with
/// the product's own classes and defaults (<see cref="CurrentModelProvider"/>, <see cref="UploadClassifier"/>), each timed.
/// </summary>
internal static class ColdStartProbe
{
    public static async Task<ColdStartRun> RunAsync(BlobServiceClient storage, BlobLayoutOptions layout, string uploadName, double runtimeStartMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(layout);
        using var models = new CurrentModelProvider(new ModelRegistry(storage, layout), Options.Create(new CurrentModelOptions()));
        ModelLoadTimings? timings = null;
        models.Reloaded += (_, e) => timings = e.Timings;

        // The process's first storage request on its own: client set-up, connection and the storage SDK's JIT, which a
        // serving instance pays on whatever request comes first.
        using var self = Process.GetCurrentProcess();
        TimeSpan cpu = self.TotalProcessorTime;
        long started = Stopwatch.GetTimestamp();
        _ = await storage.GetBlobContainerClient(layout.Models).ExistsAsync(cancellationToken).ConfigureAwait(false);
        double firstRequestMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        double firstRequestCpuMs = CpuSince(self, ref cpu);

        started = Stopwatch.GetTimestamp();
        using (await models.AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        double leaseMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        double modelCpuMs = CpuSince(self, ref cpu);
        ModelLoadTimings load = timings ?? throw new InvalidOperationException("The model provider loaded no model.");

        started = Stopwatch.GetTimestamp();
        PredictionResult result = await new UploadClassifier(storage, layout, models).ClassifyAsync(uploadName, cancellationToken).ConfigureAwait(false);
        double uploadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        double uploadCpuMs = CpuSince(self, ref cpu);
        PredictionRecord record = result.Outcome == PredictionOutcome.Classified
            ? result.Record!
            : throw new InvalidOperationException($"The cold-start upload '{uploadName}' was not classified ({result.Outcome}).");

        return new ColdStartRun(
            runtimeStartMs,
            firstRequestMs,
            load.Download.TotalMilliseconds,
            load.HashCheck.TotalMilliseconds,
            load.SessionCreation.TotalMilliseconds,
            leaseMs - load.Total.TotalMilliseconds,
            record.ElapsedMs,
            uploadMs - record.ElapsedMs)
        {
            FirstRequestCpuMs = firstRequestCpuMs,
            ModelCpuMs = modelCpuMs,
            FirstUploadCpuMs = uploadCpuMs,
            ProcessCpuMs = cpu.TotalMilliseconds,
        };
    }

    /// <summary>Process CPU milliseconds since <paramref name="last"/>, which moves on to now.</summary>
    private static double CpuSince(Process self, ref TimeSpan last)
    {
        self.Refresh();
        TimeSpan now = self.TotalProcessorTime;
        double elapsed = (now - last).TotalMilliseconds;
        last = now;
        return elapsed;
    }
}
