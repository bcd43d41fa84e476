using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using FashionServerless.Shared.DependencyInjection;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// The Generic Host one command runs in: the function app's own registration (<see cref="PipelineHostBuilderExtensions.AddFashionPipeline"/>)
/// over the process's settings, so <c>FashionServerless__*</c> settings and their validation apply here exactly as in Azure.
/// The command line adds what it chose: the storage connection and any container a command's option renames.
/// </summary>
internal sealed class TrainerHost : IDisposable
{
    private readonly IHost _host;

    private TrainerHost(IHost host, string storageSource, string? storageSetting)
    {
        _host = host;
        StorageSource = storageSource;
        StorageSetting = storageSetting;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>Where the storage connection came from, for messages; never its value, which may hold a key.</summary>
    public string StorageSource { get; }

    /// <summary>
    /// The storage setting the command line chose (<c>--storage</c>, the environment variable or Azurite), or null when the
    /// <c>PipelineStorage</c> settings are used. It may hold an account key: pass it on only through a child process's environment.
    /// </summary>
    public string? StorageSetting { get; }

    /// <summary>
    /// Builds the host and validates every option (container names, reload interval, evaluation batch size, ...).
    /// The host is not started: it has no background work, and Ctrl+C belongs to the command's cancellation token.
    /// </summary>
    /// <param name="configuration">The process's settings (environment variables).</param>
    /// <param name="storageOption">The value of <c>--storage</c>, if given.</param>
    /// <param name="commandSettings">Settings a command's options decide, such as a renamed container.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid.</exception>
    /// <exception cref="InvalidOperationException">The storage connection cannot be used (a URI with a SAS token).</exception>
    public static TrainerHost Build(IConfiguration configuration, string? storageOption, IEnumerable<KeyValuePair<string, string?>> commandSettings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(commandSettings);
        (string? storage, string source) = ChooseStorage(configuration, storageOption);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "fashion-trainer" });
        builder.Configuration.AddConfiguration(configuration);
        if (storage is not null)
        {
            // Replaces the whole connection; the shared registration reads a URI value as the blob service endpoint.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageSettings.ConnectionName] = storage.Trim(),
                [$"{StorageSettings.ConnectionName}:serviceUri"] = null,
                [$"{StorageSettings.ConnectionName}:blobServiceUri"] = null,
            });
        }

        builder.Configuration.AddInMemoryCollection(commandSettings);
        builder.AddFashionPipeline();
        builder.Services.AddSingleton<StorageRequestCounter>();
        builder.Services.AddAzureClients(clients => clients.ConfigureDefaults((options, services) =>
        {
            UseTerminalRetries(options.Retry);
            options.AddPolicy(services.GetRequiredService<StorageRequestCounter>(), HttpPipelinePosition.PerRetry);
        }));
        IHost host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TrainerHost(host, source, storage);
    }

    /// <summary>
    /// A second client on the same storage connection with <paramref name="perRetryPolicy"/> in its pipeline, built by the
    /// same <c>Microsoft.Extensions.Azure</c> factory as the host's client (the benchmarks count the measured path's requests with one).
    /// </summary>
    /// <exception cref="InvalidOperationException">The storage connection is not configured or cannot be used.</exception>
    public BlobServiceClient OpenStorage(HttpPipelinePolicy perRetryPolicy)
    {
        ArgumentNullException.ThrowIfNull(perRetryPolicy);
        IConfiguration connection = StorageConnectionSection.For(Services.GetRequiredService<IConfiguration>(), StorageSettings.ConnectionName)
            ?? throw new InvalidOperationException($"Storage connection '{StorageSettings.ConnectionName}' is not configured.");
        var factory = Services.GetRequiredService<AzureComponentFactory>();
        var options = (BlobClientOptions)factory.CreateClientOptions(typeof(BlobClientOptions), null!, connection);
        UseTerminalRetries(options.Retry);
        options.AddPolicy(perRetryPolicy, HttpPipelinePosition.PerRetry);
        return (BlobServiceClient)factory.CreateClient(typeof(BlobServiceClient), connection, factory.CreateTokenCredential(connection), options);
    }

    /// <summary>A command option that renames one container of the layout, as <c>FashionServerless__Blobs__&lt;name&gt;</c> would.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Container(string layoutProperty, string? containerName) =>
        containerName is null ? [] : [new($"{BlobLayoutOptions.SectionName}:{layoutProperty}", containerName)];

    public void Dispose() => _host.Dispose();

    // A person at a terminal should learn in seconds, not minutes, that the endpoint is unreachable.
    private static void UseTerminalRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(250);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(60);
    }

    /// <summary><c>--storage</c>, else <c>FASHIONSERVERLESS_STORAGE</c>, else the function app's <c>PipelineStorage</c> connection, else Azurite.</summary>
    private static (string? Value, string Source) ChooseStorage(IConfiguration configuration, string? storageOption)
    {
        string? environment = configuration[StorageSettings.TrainerEnvironmentVariable];
        return !string.IsNullOrWhiteSpace(storageOption) ? (storageOption, "--storage")
            : !string.IsNullOrWhiteSpace(environment) ? (environment, StorageSettings.TrainerEnvironmentVariable)
            : configuration.GetSection(StorageSettings.ConnectionName).Exists() ? (null, $"the {StorageSettings.ConnectionName} setting")
            : (StorageSettings.DevelopmentStorage, $"the default {StorageSettings.DevelopmentStorage}");
    }
}
