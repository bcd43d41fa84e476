using Azure.Storage.Blobs;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;
using Microsoft.Azure.Functions.Worker;

namespace FashionServerless.Functions;

/// <summary>
/// Classifies every blob written under <c>uploads/</c> (nested paths included) into <c>predictions/&lt;path&gt;.json</c>.
/// Bad images complete with a <c>rejected</c> record; only transient failures throw, so the host retries them and then
/// moves them to the poison queue. The trigger source is Event Grid in every build: Flex Consumption supports no other,
/// and locally <c>func start</c> takes the same BlobCreated events on <c>/runtime/webhooks/blobs</c> (see the README).
/// </summary>
internal sealed class ClassifyUpload(UploadClassifier classifier)
{
    /// <summary>The watched path. Fixed, because a trigger path is read at build time; it is the default uploads container name.</summary>
    public const string TriggerPath = "uploads/{name}";

    [Function(nameof(ClassifyUpload))]
    public async Task RunAsync(
        [BlobTrigger(TriggerPath, Connection = StorageSettings.ConnectionName, Source = BlobTriggerSource.EventGrid)] BlobClient upload,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        // The classifier logs the decision (classified, rejected, duplicate, deferred) with the upload's name and ETag.
        await classifier.ClassifyAsync(upload, cancellationToken).ConfigureAwait(false);
    }
}
