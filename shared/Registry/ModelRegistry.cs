using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FashionServerless.Shared.Registry;

/// <summary>
/// The model registry in the models container: <c>&lt;version&gt;/model.onnx</c>, <c>&lt;version&gt;/manifest.json</c>,
/// optional <c>&lt;version&gt;/report/*</c>, and the pointer <c>current.json</c>. Versions are immutable once published;
/// the pointer only changes through ETag-conditioned writes, so concurrent promotions cannot lose an update.
/// Thread-safe; register one per process.
/// </summary>
public sealed partial class ModelRegistry
{
    private const string JsonContentType = "application/json";
    private const string OnnxContentType = "application/octet-stream";

    private readonly ILogger logger;
    private volatile bool containerEnsured;

    public ModelRegistry(BlobServiceClient blobService, BlobLayoutOptions layout, ILogger<ModelRegistry>? logger = null)
        : this(
            (blobService ?? throw new ArgumentNullException(nameof(blobService)))
                .GetBlobContainerClient((layout ?? throw new ArgumentNullException(nameof(layout))).Models),
            logger)
    {
    }

    public ModelRegistry(BlobContainerClient modelsContainer, ILogger<ModelRegistry>? logger = null)
    {
        Container = modelsContainer ?? throw new ArgumentNullException(nameof(modelsContainer));
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The models container this registry reads and writes.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>
    /// Publishes a new version: <c>model.onnx</c>, then the report files, then <c>manifest.json</c> last, so a version is
    /// visible only once complete. Does not promote it.
    /// </summary>
    /// <param name="manifest">Its <see cref="ModelManifest.Version"/> names the version; its <see cref="ModelManifest.Sha256"/> must be the model's hash.</param>
    /// <param name="onnxModel">The content of <c>model.onnx</c>.</param>
    /// <param name="reportFiles">Optional files stored under <c>&lt;version&gt;/report/</c>, by relative path.</param>
    /// <param name="cancellationToken">Cancels the uploads.</param>
    /// <exception cref="ModelIntegrityException">The model's SHA-256 is not the manifest's; nothing was uploaded.</exception>
    /// <exception cref="RegistryConflictException">The version already exists; nothing was overwritten.</exception>
    /// <exception cref="ArgumentException">The version id, hash or a report file name is malformed.</exception>
    public async Task PublishAsync(
        ModelManifest manifest,
        BinaryData onnxModel,
        IReadOnlyDictionary<string, BinaryData>? reportFiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(onnxModel);
        ModelVersion.Validate(manifest.Version, nameof(manifest));
        ModelHash.ValidateHex(manifest.Sha256, nameof(manifest));
        foreach (string path in reportFiles?.Keys ?? Enumerable.Empty<string>())
        {
            RegistryBlobNames.ValidateReportPath(path);
        }

        ReadOnlyMemory<byte> modelBytes = onnxModel.ToMemory();
        string actual = ModelHash.Sha256(modelBytes.Span);
        if (!ModelHash.Matches(manifest.Sha256, actual))
        {
            throw IntegrityFailure(manifest.Version, manifest.Sha256, actual, "refused to publish it");
        }

        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await UploadNewAsync(RegistryBlobNames.Model(manifest.Version), onnxModel, OnnxContentType, manifest.Version, cancellationToken)
            .ConfigureAwait(false);
        foreach ((string path, BinaryData content) in reportFiles ?? new Dictionary<string, BinaryData>())
        {
            await UploadNewAsync(RegistryBlobNames.Report(manifest.Version, path), content, ContentTypeOf(path), manifest.Version, cancellationToken)
                .ConfigureAwait(false);
        }

        await UploadNewAsync(
                RegistryBlobNames.Manifest(manifest.Version),
                new BinaryData(ManifestJson.SerializeToUtf8Bytes(manifest)),
                JsonContentType,
                manifest.Version,
                cancellationToken)
            .ConfigureAwait(false);
        RegistryLog.Published(logger, manifest.Version, actual, modelBytes.Length, reportFiles?.Count ?? 0, Container.Name);
    }

    /// <summary>Publishes a model read from <paramref name="onnxModel"/> (from its current position to its end).</summary>
    /// <inheritdoc cref="PublishAsync(ModelManifest, BinaryData, IReadOnlyDictionary{string, BinaryData}?, CancellationToken)"/>
    public async Task PublishAsync(
        ModelManifest manifest,
        Stream onnxModel,
        IReadOnlyDictionary<string, BinaryData>? reportFiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        BinaryData content = await BinaryData.FromStreamAsync(onnxModel, cancellationToken).ConfigureAwait(false);
        await PublishAsync(manifest, content, reportFiles, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!containerEnsured)
        {
            await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            containerEnsured = true;
        }
    }

    private async Task UploadNewAsync(string blobName, BinaryData content, string contentType, string version, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        };
        try
        {
            await Container.GetBlobClient(blobName).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            throw new RegistryConflictException(
                $"Model version {version} already exists in container '{Container.Name}' ({blobName}); versions are immutable, publish a new version id.",
                ex);
        }
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JSON" => JsonContentType,
        ".HTML" or ".HTM" => "text/html",
        ".PNG" => "image/png",
        ".SVG" => "image/svg+xml",
        ".CSV" => "text/csv",
        ".TXT" or ".MD" => "text/plain",
        _ => "application/octet-stream",
    };

    private static bool IsConditionFailure(RequestFailedException ex) =>
        ex.Status == 412
        || ex.ErrorCode == BlobErrorCode.BlobAlreadyExists
        || ex.ErrorCode == BlobErrorCode.ConditionNotMet;

    private static bool IsNotFound(RequestFailedException ex) => ex.Status == 404;

    private ModelIntegrityException IntegrityFailure(string version, string expected, string actual, string consequence)
    {
        RegistryLog.IntegrityFailed(logger, version, expected, actual);
        return new ModelIntegrityException(
            $"Model {version} in container '{Container.Name}' has SHA-256 {actual} but its manifest says {expected}; {consequence}.")
        {
            Version = version,
            ExpectedSha256 = expected,
            ActualSha256 = actual,
        };
    }
}
