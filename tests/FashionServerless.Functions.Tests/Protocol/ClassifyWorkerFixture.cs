using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Models;
using FashionServerless.WorkerHost.Hosting;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// One real worker process (the functions' build output) for a whole test class, started through the Functions host
/// protocol against the shared Azurite, with containers of its own and a real ONNX model published and promoted in
/// them. Tests share the worker, so each uses blob names of its own.
/// </summary>
public sealed class ClassifyWorkerFixture : IAsyncLifetime, IDisposable
{
    private readonly AzuriteFixture _azurite = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();
    private readonly List<JsonObject> _classified = [];
    private readonly SemaphoreSlim _drainClassified = new(1, 1);
    private TestModel? _model;
    private FunctionsWorkerHost? _worker;

    public FunctionsWorkerHost Worker => _worker ?? throw new InvalidOperationException("Not initialized.");

    public BlobLayoutOptions Layout { get; private set; } = new();

    /// <summary>Every line the worker process wrote to its console (stdout and stderr).</summary>
    public IReadOnlyList<string> ConsoleOutput => [.. _console];

    /// <summary>The storage connection string the worker was given (it carries Azurite's account key).</summary>
    public string ConnectionString => _azurite.ConnectionString;

    public ModelManifest Model => _model?.Manifest ?? throw new InvalidOperationException("Not initialized.");

    public BlobServiceClient Blobs => _azurite.BlobServiceClient;

    public BlobContainerClient Uploads => Blobs.GetBlobContainerClient(Layout.Uploads);

    public BlobContainerClient Predictions => Blobs.GetBlobContainerClient(Layout.Predictions);

    public PredictionRecordReader Records => new(Blobs, Layout);

    /// <summary>The queue ClassifyUpload publishes on, read as the README's consumer reads it (host.json: message encoding none).</summary>
    public QueueClient Classified => new(_azurite.ConnectionString, ClassifyUpload.ClassifiedQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    /// <summary>
    /// The messages on the classified queue about <paramref name="path"/>, peeked (so other tests' messages stay
    /// visible); test classes share the queue, so each looks only at its own uploads.
    /// </summary>
    /// <summary>
    /// Every <c>classified</c> message about <paramref name="path"/> so far. The queue is drained into this fixture's
    /// own list, because a peek sees only the first 32 messages and the tests sharing this worker send far more.
    /// </summary>
    public async Task<List<JsonObject>> ClassifiedMessagesAboutAsync(string path)
    {
        await _drainClassified.WaitAsync();
        try
        {
            QueueClient queue = Classified;
            while ((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value is { Length: > 0 } batch)
            {
                foreach (QueueMessage message in batch)
                {
                    _classified.Add(JsonNode.Parse(message.Body.ToString())!.AsObject());
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            return [.. _classified.Where(m => (string?)m["path"] == path)];
        }
        finally
        {
            _drainClassified.Release();
        }
    }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Layout = await _azurite.CreateLayoutAsync();
        _model = TestModels.CreateConstant(ReferenceScores.BlackDressShirt);
        var registry = new ModelRegistry(Blobs, Layout);
        await registry.PublishAsync(_model.Manifest, BinaryData.FromBytes(_model.OnnxBytes));
        await registry.PromoteAsync(_model.Manifest.Version);
        _worker = await FunctionsWorkerHost.StartAsync(new WorkerHostOptions
        {
            AppDirectory = FunctionsBuildOutput.Directory,
            Settings = WorkerSettings.For(_azurite, Layout),
            Output = _console.Enqueue,
        });
    }

    public async Task<BlobClient> UploadAsync(string name, byte[] content)
    {
        BlobClient blob = Uploads.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return blob;
    }

    public void Dispose() => _drainClassified.Dispose();

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        _model?.Dispose();
        await _azurite.DisposeAsync();
    }
}
