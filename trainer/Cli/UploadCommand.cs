using System.CommandLine;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// <c>upload</c>: copies a local folder (<c>&lt;colour&gt;_&lt;garment&gt;/*</c> or flat) into a container, keeping
/// relative paths; blobs whose content MD5 already matches are left alone, so re-running is cheap.
/// </summary>
internal static class UploadCommand
{
    private const int Parallelism = 4;

    public static Command Create(CliSettings settings)
    {
        var data = new Option<string>("--data") { Description = "Local folder to upload (every file under it, relative paths kept).", Required = true };
        var container = new Option<string>("--container") { Description = "Target container (created if missing), e.g. training, evaluation, uploads.", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Blob name prefix, e.g. 2026/06 (no leading or trailing slash needed)." };
        var command = new Command("upload", "Upload a local image folder to a blob container, skipping blobs that are already identical.")
        {
            data, container, prefix,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            string root = Path.GetFullPath(parse.GetRequiredValue(data));
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"The folder '{root}' does not exist.");
            }

            string blobPrefix = NormalizePrefix(parse.GetValue(prefix));
            BlobContainerClient target = context.Storage.GetBlobContainerClient(parse.GetRequiredValue(container));
            await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var existing = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
            await foreach (BlobItem item in target.GetBlobsAsync(new GetBlobsOptions { Prefix = blobPrefix.Length == 0 ? null : blobPrefix }, cancellationToken))
            {
                existing[item.Name] = item.Properties.ContentHash;
            }

            string[] files = [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
            int uploaded = 0, replaced = 0, unchanged = 0;
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (file, token) =>
            {
                string name = blobPrefix + Path.GetRelativePath(root, file).Replace('\\', '/');
                byte[] content = await File.ReadAllBytesAsync(file, token);
#pragma warning disable CA5351 // Content-MD5 is Blob Storage's own integrity header, used to spot identical blobs, not for security.
                byte[] md5 = MD5.HashData(content);
#pragma warning restore CA5351
                bool present = existing.TryGetValue(name, out byte[]? remoteMd5);
                if (present && remoteMd5 is not null && remoteMd5.AsSpan().SequenceEqual(md5))
                {
                    Interlocked.Increment(ref unchanged);
                    return;
                }

                var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = md5, ContentType = ContentTypeOf(file) } };
                await target.GetBlobClient(name).UploadAsync(new BinaryData(content), options, token);
                Interlocked.Increment(ref present ? ref replaced : ref uploaded);
            });
            context.Result($"Uploaded {files.Length} files from {root} to {target.Uri}: {uploaded} new, {replaced} replaced, {unchanged} already identical.");
            context.Event("upload", new { folder = root, container = target.Name, prefix = blobPrefix, files = files.Length, uploaded, replaced, unchanged });
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string NormalizePrefix(string? prefix)
    {
        string trimmed = (prefix ?? "").Trim().Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file).ToUpperInvariant() switch
    {
        ".JPG" or ".JPEG" => "image/jpeg",
        ".PNG" => "image/png",
        ".GIF" => "image/gif",
        ".BMP" => "image/bmp",
        ".WEBP" => "image/webp",
        _ => "application/octet-stream",
    };
}
