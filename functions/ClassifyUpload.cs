using Azure.Storage.Blobs;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;
using Microsoft.Azure.Functions.Worker;

namespace FashionServerless.Functions;

/// <summary>
/// Classifies every blob written under <c>uploads/</c> (nested paths included) into <c>predictions/&lt;path&gt;.json</c>,
/// tags the upload with the decision, and publishes one <see cref="ClassifiedMessage"/> on the <c>classified</c> queue.
/// Bad images complete with a <c>rejected</c> record; only transient failures throw, so the host retries them and then
/// moves them to the poison queue. The trigger source is Event Grid in every build: Flex Consumption supports no other,
/// and locally <c>func start</c> takes the same BlobCreated events on <c>/runtime/webhooks/blobs</c> (see the README).
/// </summary>
internal sealed class ClassifyUpload(UploadClassifier classifier)
{
    /// <summary>The watched path. Fixed, because a trigger path is read at build time; it is the default uploads container name.</summary>
    public const string TriggerPath = "uploads/{name}";

    /// <summary>The queue each decision is published on, in the pipeline's storage account.</summary>
    public const string ClassifiedQueue = "classified";

    /// <summary>
    /// Returns the decision's message, which the host adds to <see cref="ClassifiedQueue"/> after the function succeeds;
    /// if adding it fails, the invocation fails and the blob trigger retries it. A redelivery of an upload already
    /// covered by its record publishes the same decision again, which is what makes delivery at least once: consumers
    /// key on (path, ETag, model version). Null (no message) only when the upload is gone.
    /// </summary>
    [Function(nameof(ClassifyUpload))]
    [QueueOutput(ClassifiedQueue, Connection = StorageSettings.ConnectionName)]
    public async Task<string?> RunAsync(
        [BlobTrigger(TriggerPath, Connection = StorageSettings.ConnectionName, Source = BlobTriggerSource.EventGrid)] BlobClient upload,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        // The classifier logs the decision (classified, rejected, duplicate, deferred) with the upload's name and ETag.
        PredictionResult result = await classifier.ClassifyAsync(upload, cancellationToken).ConfigureAwait(false);
        return result.Record is { } record ? ClassifiedMessage.From(upload.BlobContainerName, record).ToJson() : null;
    }
}
