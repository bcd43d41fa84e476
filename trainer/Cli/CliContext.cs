using System.CommandLine;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Cli;

/// <summary>One command's invocation: where to write, the JSON-lines log, and the host its services come from.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly CliSettings _settings;
    private readonly string? _storageOption;
    private TrainerHost? _host;
    private BlobServiceClient? _blobService;

    public CliContext(CliSettings settings, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(parseResult);
        _settings = settings;
        Output = settings.Output;
        Error = settings.Error;
        Quiet = parseResult.GetValue(GlobalOptions.Quiet);
        Interactive = settings.Interactive && !Quiet;
        _storageOption = parseResult.GetValue(GlobalOptions.Storage);
        string? jsonLog = parseResult.GetValue(GlobalOptions.JsonLog);
        Log = jsonLog is null ? null : new JsonLinesLog(jsonLog);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public bool Quiet { get; }

    public bool Interactive { get; }

    public JsonLinesLog? Log { get; }

    /// <summary>The container names in effect (settings, then the command's own options).</summary>
    public BlobLayoutOptions Layout => Get<IOptions<BlobLayoutOptions>>(storage: false).Value;

    /// <summary>The blob endpoint once storage is opened (for messages; a URI never holds the account key).</summary>
    public string? StorageEndpoint => _blobService?.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>The pipeline's storage, opened on first use.</summary>
    /// <exception cref="CliFailure">The storage setting is neither a usable connection string nor a blob service URI (exit code storage).</exception>
    public BlobServiceClient Storage
    {
        get
        {
            if (_blobService is null)
            {
                TrainerHost host = Host;
                try
                {
                    _blobService = host.Services.GetRequiredService<BlobServiceClient>();
                }
                catch (InvalidOperationException ex)
                {
                    throw new CliFailure(ExitCodes.Storage, $"The storage setting from {host.StorageSource} cannot be used: {ex.Message}", ex);
                }
            }

            return _blobService;
        }
    }

    public ModelRegistry Registry => Get<ModelRegistry>();

    /// <summary>Storage requests sent so far (retries included), once storage is open.</summary>
    public long? StorageRequests => _blobService is null ? null : Host.Services.GetRequiredService<StorageRequestCounter>().Requests;

    private TrainerHost Host => _host ?? throw new InvalidOperationException("The command's host is not built yet.");

    /// <summary>Builds the command's host and validates the settings; <paramref name="commandSettings"/> are what its options decide.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid.</exception>
    public void BuildHost(IEnumerable<KeyValuePair<string, string?>> commandSettings)
    {
        ArgumentNullException.ThrowIfNull(commandSettings);
        _host = TrainerHost.Build(_settings.Configuration, _storageOption, commandSettings);
    }

    /// <summary>A service of the shared registration; storage is opened first, so a bad setting fails with its own message.</summary>
    public T Get<T>(bool storage = true)
        where T : notnull
    {
        if (storage)
        {
            _ = Storage;
        }

        return Host.Services.GetRequiredService<T>();
    }

    /// <inheritdoc cref="TrainerHost.StorageSetting"/>
    public string? StorageSetting => Host.StorageSetting;

    /// <inheritdoc cref="TrainerHost.OpenStorage"/>
    /// <exception cref="CliFailure">The storage setting cannot be used (exit code storage).</exception>
    public BlobServiceClient OpenStorage(HttpPipelinePolicy perRetryPolicy)
    {
        _ = Storage;
        return Host.OpenStorage(perRetryPolicy);
    }

    /// <summary>Progress and explanations; suppressed by <c>--quiet</c>.</summary>
    public void Info(string line)
    {
        if (!Quiet)
        {
            Output.WriteLine(line);
        }
    }

    /// <summary>Results: always printed.</summary>
    public void Result(string text) => Output.WriteLine(text);

    public void Event(string name, object? fields = null) => Log?.Write(name, fields);

    public void Dispose()
    {
        _host?.Dispose();
        Log?.Dispose();
    }
}
