using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.WorkerHost.Hosting;

namespace FashionServerless.WorkerHost.Cli;

/// <summary>
/// <c>deliver-blobs</c>: delivers every blob now in a blob-triggered function's container to that function, one
/// invocation per blob in name order, as a polling blob trigger would after a scan. Exit code 1 if any invocation failed.
/// </summary>
internal static class DeliverBlobsCommand
{
    public static async Task<int> RunAsync(FunctionsWorkerHost worker, Dictionary<string, string?> settings, string? functionName, TextWriter output, CancellationToken cancellationToken)
    {
        WorkerFunction[] functions = [.. worker.Functions.Where(f => f.TriggerType.Equals("blobTrigger", StringComparison.OrdinalIgnoreCase)
            && (functionName is null || f.Name == functionName))];
        if (functions.Length == 0)
        {
            throw new CliUsageException(functionName is null ? "The worker has no blob-triggered function." : $"The worker has no blob-triggered function '{functionName}'.");
        }

        int failed = 0;
        var elapsed = new List<TimeSpan>();
        foreach (WorkerFunction function in functions)
        {
            string path = (string)function.Trigger["path"]!;
            string containerName = path.Split('/')[0];
            string connection = (string?)function.Trigger["connection"] ?? "AzureWebJobsStorage";
            BlobContainerClient container = ConnectionFor(settings, connection).GetBlobContainerClient(containerName);
            var names = new List<string>();
            await foreach (BlobItem item in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                names.Add(item.Name);
            }

            await output.WriteLineAsync($"{function.Name}: {names.Count} blobs in container '{containerName}' (connection {connection}).");
            foreach (string name in names.Order(StringComparer.Ordinal))
            {
                InvocationResult result = await worker.InvokeBlobTriggerAsync(function.Name, container.GetBlobClient(name), cancellationToken);
                elapsed.Add(result.Elapsed);
                failed += result.Status == InvocationStatus.Success ? 0 : 1;
                await WorkerSession.PrintAsync(output, $"{containerName}/{name}", result);
            }
        }

        if (elapsed.Count > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Delivered {elapsed.Count} blobs: {elapsed.Count - failed} succeeded, {failed} failed; "
                + $"{elapsed.Average(e => e.TotalMilliseconds):0} ms per invocation on average, the first {elapsed[0].TotalMilliseconds:0} ms."));
        }

        return failed == 0 ? 0 : 1;
    }

    private static BlobServiceClient ConnectionFor(Dictionary<string, string?> settings, string connection)
    {
        string? value = settings.GetValueOrDefault(connection) ?? Environment.GetEnvironmentVariable(connection);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliUsageException(
                $"The trigger's connection '{connection}' is not set: give it in --settings or --setting {connection}=<connection string> to list the blobs to deliver.");
        }

        return new BlobServiceClient(value);
    }
}
