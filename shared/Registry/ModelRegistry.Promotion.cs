using Azure;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Registry;

// Moving the pointer: promotion and rollback, both ETag-conditioned.
public sealed partial class ModelRegistry
{
    /// <summary>
    /// Makes <paramref name="version"/> current, conditioned on the pointer being unchanged since this call reads it.
    /// Promoting the version that is already current changes nothing.
    /// </summary>
    /// <exception cref="ModelNotFoundException">The version is not published.</exception>
    /// <exception cref="ModelIntegrityException">Its model does not hash to its manifest's SHA-256.</exception>
    /// <exception cref="RegistryConflictException">Another writer changed the pointer meanwhile; nothing was written.</exception>
    public async Task<CurrentModel> PromoteAsync(string version, CancellationToken cancellationToken = default)
    {
        PointerRead read = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
        return await PromoteAsync(version, read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes <paramref name="version"/> current only if the pointer still has <paramref name="expectedPointerETag"/>
    /// (from <see cref="GetCurrentAsync"/>), or, when that is null, only if no pointer exists yet.
    /// </summary>
    /// <inheritdoc cref="PromoteAsync(string, CancellationToken)"/>
    public async Task<CurrentModel> PromoteAsync(string version, ETag? expectedPointerETag, CancellationToken cancellationToken = default)
    {
        PointerRead read = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
        if (read.ETag != expectedPointerETag)
        {
            RegistryLog.PointerConflict(logger, version);
            throw new RegistryConflictException(
                $"Cannot promote {version}: {RegistryBlobNames.Pointer} is at ETag {Describe(read.ETag)}, not the expected {Describe(expectedPointerETag)}; "
                + "another writer changed it. Read it again and decide again.");
        }

        return await PromoteAsync(version, read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Points current back at the pointer's previous version (verified like a promotion), conditioned on the pointer being
    /// unchanged since this call reads it. The new pointer's previous version is the one rolled back from, so a second
    /// rollback undoes the first.
    /// </summary>
    /// <exception cref="InvalidOperationException">No model is current, or the current one has no previous version.</exception>
    /// <inheritdoc cref="PromoteAsync(string, CancellationToken)"/>
    public async Task<CurrentModel> RollbackAsync(CancellationToken cancellationToken = default)
    {
        PointerRead read = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
        return await RollbackAsync(read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls back only if the pointer still has <paramref name="expectedPointerETag"/>.</summary>
    /// <inheritdoc cref="RollbackAsync(CancellationToken)"/>
    public async Task<CurrentModel> RollbackAsync(ETag expectedPointerETag, CancellationToken cancellationToken = default)
    {
        PointerRead read = await ReadPointerAsync(cancellationToken).ConfigureAwait(false);
        if (read.ETag != expectedPointerETag)
        {
            throw new RegistryConflictException(
                $"Cannot roll back: {RegistryBlobNames.Pointer} is at ETag {Describe(read.ETag)}, not the expected {Describe(expectedPointerETag)}; "
                + "another writer changed it.");
        }

        return await RollbackAsync(read, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CurrentModel> PromoteAsync(string version, PointerRead read, CancellationToken cancellationToken)
    {
        ModelVersion.Validate(version, nameof(version));
        ModelPackage package = await DownloadModelAsync(version, cancellationToken).ConfigureAwait(false);
        if (read.Pointer is { } existing && existing.Version == version && read.ETag is ETag unchanged)
        {
            return new CurrentModel(existing, unchanged);
        }

        // An unreadable pointer is overwritten (its ETag still guards the write): promotion is how an operator repairs it.
        var pointer = new ModelPointer(version, package.Manifest.Sha256.ToLowerInvariant(), DateTimeOffset.UtcNow, read.Pointer?.Version);
        CurrentModel written = await WritePointerAsync(pointer, read.ETag, cancellationToken).ConfigureAwait(false);
        RegistryLog.Promoted(logger, version, pointer.PreviousVersion);
        return written;
    }

    private async Task<CurrentModel> RollbackAsync(PointerRead read, CancellationToken cancellationToken)
    {
        if (read.ETag is null)
        {
            throw new InvalidOperationException($"Cannot roll back: no model has been promoted in container '{Container.Name}'.");
        }

        ModelPointer current = read.Pointer ?? throw read.Error!;
        if (current.PreviousVersion is not string previous)
        {
            throw new InvalidOperationException(
                $"Cannot roll back: the current model {current.Version} has no previous version to return to.");
        }

        ModelPackage package = await DownloadModelAsync(previous, cancellationToken).ConfigureAwait(false);
        var pointer = new ModelPointer(previous, package.Manifest.Sha256.ToLowerInvariant(), DateTimeOffset.UtcNow, current.Version);
        CurrentModel written = await WritePointerAsync(pointer, read.ETag, cancellationToken).ConfigureAwait(false);
        RegistryLog.RolledBack(logger, current.Version, previous);
        return written;
    }

    private async Task<CurrentModel> WritePointerAsync(ModelPointer pointer, ETag? expected, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = expected is ETag etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = JsonContentType },
        };
        try
        {
            Response<BlobContentInfo> response = await Container.GetBlobClient(RegistryBlobNames.Pointer)
                .UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(pointer)), options, cancellationToken)
                .ConfigureAwait(false);
            return new CurrentModel(pointer, response.Value.ETag);
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            RegistryLog.PointerConflict(logger, pointer.Version);
            throw new RegistryConflictException(
                $"Cannot point current at {pointer.Version}: {RegistryBlobNames.Pointer} changed since it was read "
                + $"(expected {Describe(expected)}); another writer got there first. Read it again and decide again.",
                ex);
        }
    }

    private static string Describe(ETag? etag) => etag is ETag value ? value.ToString() : "(no pointer)";
}
