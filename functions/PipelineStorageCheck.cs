using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Functions;

internal static class PipelineStorageCheck
{
    /// <summary>
    /// Builds the pipeline's <see cref="BlobServiceClient"/> before the worker connects to the host, so a missing or
    /// malformed <c>PipelineStorage</c> setting stops the worker at start with a message naming the setting (the host
    /// logs it), instead of failing every invocation later. Building the client makes no request.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is missing or malformed.</exception>
    public static void VerifyPipelineStorage(this IHost host) => host.Services.GetRequiredService<BlobServiceClient>();
}
