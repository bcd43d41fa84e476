using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// The trainer's <see cref="BlobServiceClient"/>, with a short retry budget: a person at a terminal should learn in
/// seconds, not minutes, that the endpoint is unreachable.
/// </summary>
internal static class StorageConnection
{
    /// <summary>The setting in effect: the option, else the environment variable, else Azurite.</summary>
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }

        string? environment = Environment.GetEnvironmentVariable(StorageSettings.TrainerEnvironmentVariable);
        return string.IsNullOrWhiteSpace(environment) ? StorageSettings.DevelopmentStorage : environment;
    }

    /// <param name="setting">A connection string or blob service URI.</param>
    /// <param name="perRetryPolicy">An extra pipeline policy, e.g. the benchmarks' request tally.</param>
    /// <exception cref="CliFailure">The setting is neither a connection string nor a URI (exit code storage).</exception>
    public static BlobServiceClient Create(string setting, HttpPipelinePolicy? perRetryPolicy = null)
    {
        try
        {
            // The shared factory is the one judge of what a valid setting is; its messages never echo a key.
            _ = BlobServiceClientFactory.Create(setting, new DefaultAzureCredential());
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ExitCodes.Storage, ex.Message, ex);
        }

        var options = new BlobClientOptions
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = 2,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(2),
                NetworkTimeout = TimeSpan.FromSeconds(60),
            },
        };
        if (perRetryPolicy is not null)
        {
            options.AddPolicy(perRetryPolicy, HttpPipelinePosition.PerRetry);
        }

        string trimmed = setting.Trim();
        if (!trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new BlobServiceClient(trimmed, options);
        }

        var uri = new Uri(trimmed);
        return uri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase)
            ? new BlobServiceClient(uri, options)
            : new BlobServiceClient(uri, new DefaultAzureCredential(), options);
    }
}
