using Azure;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Registry;

public sealed partial class ModelRegistry
{
    /// <summary>The pointer and its ETag, or null when no model has been promoted yet.</summary>
    /// <exception cref="ModelIntegrityException"><c>current.json</c> exists but is unreadable.</exception>
    public async Task<CurrentModel?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        PointerRead read = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
        if (read.ETag is not ETag etag)
        {
            return null;
        }

        return read.Pointer is ModelPointer pointer ? new CurrentModel(pointer, etag) : throw read.Error!;
    }

    /// <summary>
    /// The pointer's ETag from its properties alone (no content transfer), or null when there is none: the cheap
    /// check a serving instance polls to learn whether it must reload.
    /// </summary>
    public async Task<ETag?> GetCurrentETagAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Response<BlobProperties> response = await Container.GetBlobClient(RegistryBlobNames.Pointer)
                .GetPropertiesAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return response.Value.ETag;
        }
        catch (RequestFailedException ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// The current model, verified: the pointer (with its ETag), the manifest it names and the model bytes, whose
    /// SHA-256 must equal both the manifest's and the pointer's. Null when no model has been promoted yet.
    /// </summary>
    /// <exception cref="ModelIntegrityException">The pointer is unreadable or names a model whose hash does not match.</exception>
    /// <exception cref="ModelNotFoundException">The pointer names a version that is not published.</exception>
    public async Task<CurrentModelPackage?> DownloadCurrentAsync(CancellationToken cancellationToken = default)
    {
        CurrentModel? current = await GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        ModelPackage package = await DownloadModelAsync(current.Content.Version, cancellationToken).ConfigureAwait(false);
        if (!ModelHash.Matches(current.Content.Sha256, package.Manifest.Sha256))
        {
            throw new ModelIntegrityException(
                $"{RegistryBlobNames.Pointer} names model {current.Content.Version} with SHA-256 {current.Content.Sha256}, "
                + $"but that version's manifest and model have {package.Manifest.Sha256}; refused to load it.")
            {
                Version = current.Content.Version,
                ExpectedSha256 = current.Content.Sha256,
                ActualSha256 = package.Manifest.Sha256,
            };
        }

        return new CurrentModelPackage(current, package);
    }

    private async Task<PointerRead> ReadPointerAsync(CancellationToken cancellationToken)
    {
        if (await Container.GetBlobClient(RegistryBlobNames.Pointer).DownloadOrNullAsync(cancellationToken).ConfigureAwait(false) is not { } result)
        {
            return new PointerRead(null, null, null);
        }

        ETag etag = result.Details.ETag;
        try
        {
            var pointer = ManifestJson.Deserialize<ModelPointer>(result.Content.ToMemory().Span, $"{Container.Name}/{RegistryBlobNames.Pointer}");
            if (!ModelVersion.IsValid(pointer.Version))
            {
                throw new InvalidDataException($"{Container.Name}/{RegistryBlobNames.Pointer} names '{pointer.Version}', not a model version id.");
            }

            return new PointerRead(pointer, etag, null);
        }
        catch (InvalidDataException ex)
        {
            return new PointerRead(null, etag, new ModelIntegrityException(ex.Message, ex));
        }
    }

    /// <summary>The pointer blob as found: absent (no ETag), readable (Pointer), or present but unreadable (Error).</summary>
    private readonly record struct PointerRead(ModelPointer? Pointer, ETag? ETag, ModelIntegrityException? Error);
}
