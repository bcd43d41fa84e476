using Azure.Core;
using Azure.Core.Pipeline;
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

    private TrainerHost(IHost host, string storageSource)
    {
        _host = host;
        StorageSource = storageSource;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>Where the storage connection came from, for messages; never its value, which may hold a key.</summary>
    public string StorageSource { get; }

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
            // A person at a terminal should learn in seconds, not minutes, that the endpoint is unreachable.
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(250);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
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

        return new TrainerHost(host, source);
    }

    /// <summary>A command option that renames one container of the layout, as <c>FashionServerless__Blobs__&lt;name&gt;</c> would.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Container(string layoutProperty, string? containerName) =>
        containerName is null ? [] : [new($"{BlobLayoutOptions.SectionName}:{layoutProperty}", containerName)];

    public void Dispose() => _host.Dispose();

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
