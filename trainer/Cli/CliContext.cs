using System.CommandLine;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>One command's invocation: where to write, the JSON-lines log, and storage opened on first use.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly string? _storageOption;
    private BlobServiceClient? _blobService;

    public CliContext(CliSettings settings, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(parseResult);
        Output = settings.Output;
        Error = settings.Error;
        Layout = settings.Layout;
        Quiet = parseResult.GetValue(GlobalOptions.Quiet);
        Interactive = settings.Interactive && !Quiet;
        _storageOption = parseResult.GetValue(GlobalOptions.Storage);
        string? jsonLog = parseResult.GetValue(GlobalOptions.JsonLog);
        Log = jsonLog is null ? null : new JsonLinesLog(jsonLog);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public BlobLayoutOptions Layout { get; }

    public bool Quiet { get; }

    public bool Interactive { get; }

    public JsonLinesLog? Log { get; }

    /// <summary>The blob endpoint once storage is opened (for messages; a URI never holds the account key).</summary>
    public string? StorageEndpoint => _blobService?.Uri.GetLeftPart(UriPartial.Path);

    public BlobServiceClient Storage => _blobService ??= StorageConnection.Create(StorageConnection.Resolve(_storageOption));

    public ModelRegistry Registry => new(Storage, Layout);

    /// <summary>The storage setting in effect (it may hold an account key: pass it on only through a child process's environment).</summary>
    public string StorageSetting => StorageConnection.Resolve(_storageOption);

    /// <summary>A second client on the same storage with an extra pipeline policy (the benchmarks count requests with one).</summary>
    public BlobServiceClient OpenStorage(HttpPipelinePolicy perRetryPolicy) =>
        StorageConnection.Create(StorageConnection.Resolve(_storageOption), perRetryPolicy);

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

    public void Dispose() => Log?.Dispose();
}
