using Azure;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Registry;

public sealed partial class ModelRegistry
{
    /// <summary>The manifests of every completely published version, newest first (by created time, then version id).</summary>
    /// <exception cref="ModelIntegrityException">A manifest is unreadable or names another version.</exception>
    public async Task<IReadOnlyList<ModelManifest>> ListAsync(CancellationToken cancellationToken = default)
    {
        var versions = new List<string>();
        try
        {
            await foreach (BlobHierarchyItem item in Container
                .GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix: null, cancellationToken)
                .ConfigureAwait(false))
            {
                string? version = item.IsPrefix ? item.Prefix.TrimEnd('/') : null;
                if (ModelVersion.IsValid(version))
                {
                    versions.Add(version!);
                }
            }
        }
        catch (RequestFailedException ex) when (IsNotFound(ex))
        {
            return [];
        }

        ModelManifest?[] manifests = await Task.WhenAll(versions.Select(v => TryGetManifestAsync(v, cancellationToken)))
            .ConfigureAwait(false);
        return [.. manifests
            .OfType<ModelManifest>()
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.Version, StringComparer.Ordinal)];
    }

    /// <summary>The manifest of a published version.</summary>
    /// <exception cref="ModelNotFoundException">The version was not (completely) published.</exception>
    /// <exception cref="ModelIntegrityException">The manifest is unreadable or names another version.</exception>
    public async Task<ModelManifest> GetManifestAsync(string version, CancellationToken cancellationToken = default)
    {
        ModelVersion.Validate(version, nameof(version));
        return await TryGetManifestAsync(version, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException($"Model version {version} is not published in container '{Container.Name}'.") { Version = version };
    }

    /// <summary>Downloads a version's model and checks its SHA-256 against the manifest.</summary>
    /// <exception cref="ModelNotFoundException">The version was not (completely) published.</exception>
    /// <exception cref="ModelIntegrityException">The stored model does not hash to the manifest's SHA-256, or is missing.</exception>
    public async Task<ModelPackage> DownloadModelAsync(string version, CancellationToken cancellationToken = default)
    {
        ModelVersion.Validate(version, nameof(version));
        // Both blobs are named by the version alone, so they are read together: a cold instance's model load waits for
        // one round trip less, and the manifest is parsed while the model's bytes arrive.
        Task<ModelManifest> manifestRead = GetManifestAsync(version, cancellationToken);
        Task<BlobDownloadResult?> modelRead = Container.GetBlobClient(RegistryBlobNames.Model(version)).DownloadOrNullAsync(cancellationToken);
        await Task.WhenAll(manifestRead, modelRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // The manifest's failure (not found, unreadable) is the one to report, as when they were read one after the other.
        ModelManifest manifest = await manifestRead.ConfigureAwait(false);
        BlobDownloadResult model = await modelRead.ConfigureAwait(false)
            ?? throw new ModelIntegrityException($"Model {version} has a manifest but no {RegistryBlobNames.ModelFile} in container '{Container.Name}'.")
            {
                Version = version,
            };
        byte[] bytes = model.Content.ToArray();
        string actual = ModelHash.Sha256(bytes);
        if (!ModelHash.Matches(manifest.Sha256, actual))
        {
            throw IntegrityFailure(version, manifest.Sha256, actual, "refused to load it");
        }

        return new ModelPackage(manifest, bytes);
    }

    private async Task<ModelManifest?> TryGetManifestAsync(string version, CancellationToken cancellationToken)
    {
        string blobName = RegistryBlobNames.Manifest(version);
        ModelManifest? manifest;
        try
        {
            manifest = await Container.GetBlobClient(blobName).ReadJsonOrNullAsync<ModelManifest>($"{Container.Name}/{blobName}", cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelIntegrityException(ex.Message, ex) { Version = version };
        }

        if (manifest is null)
        {
            return null;
        }

        if (manifest.Version != version)
        {
            throw new ModelIntegrityException(
                $"{Container.Name}/{blobName} describes version '{manifest.Version}', not {version}.")
            { Version = version };
        }

        return manifest;
    }
}
