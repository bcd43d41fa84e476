using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Predictions;

/// <summary>
/// Runs <see cref="UploadClassifier"/> over the whole uploads container: the trainer's <c>classify</c> command, the
/// demo without Core Tools, and a backfill after an outage. Already-covered uploads are skipped as duplicates.
/// </summary>
public sealed class UploadBackfill(UploadClassifier classifier, BlobServiceClient blobService, BlobLayoutOptions layout, CurrentModelProvider models)
{
    /// <summary>
    /// Uploads classified at once by default, as host.json sets for the Functions host: enough to keep two cores busy
    /// through each upload's storage round trips, and safe in memory because large decodes queue in
    /// <c>DecodingMemoryBudget</c> rather than multiplying with it.
    /// </summary>
    public const int DefaultParallelism = 8;

    /// <summary>
    /// Classifies every upload under <paramref name="prefix"/> (all when null), page by page, <paramref name="maxDegreeOfParallelism"/>
    /// at a time: the backfill and the demo without Functions. Uploads that fail transiently are listed, not hidden.
    /// </summary>
    /// <exception cref="ModelUnavailableException">No model serves, so nothing was attempted.</exception>
    public async Task<ContainerClassificationSummary> ClassifyContainerAsync(string? prefix = null, int maxDegreeOfParallelism = DefaultParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        using (await models.AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            // Fails fast when there is no model, instead of once per upload.
        }

        BlobContainerClient uploads = blobService.GetBlobContainerClient(layout.Uploads);
        var counts = new ConcurrentDictionary<PredictionOutcome, int>();
        var failures = new ConcurrentQueue<SkippedFile>();
        await Parallel.ForEachAsync(
            uploads.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                try
                {
                    PredictionResult result = await classifier.ClassifyAsync(uploads.GetBlobClient(item.Name), token).ConfigureAwait(false);
                    counts.AddOrUpdate(result.Outcome, 1, (_, n) => n + 1);
                }
                catch (TransientPredictionException ex)
                {
                    failures.Enqueue(new SkippedFile(item.Name, "transient", ex.Message));
                }
            }).ConfigureAwait(false);
        return new ContainerClassificationSummary(
            counts.GetValueOrDefault(PredictionOutcome.Classified),
            counts.GetValueOrDefault(PredictionOutcome.Rejected),
            counts.GetValueOrDefault(PredictionOutcome.Duplicate),
            counts.GetValueOrDefault(PredictionOutcome.SourceMissing),
            [.. failures.OrderBy(f => f.Path, StringComparer.Ordinal)]);
    }
}
