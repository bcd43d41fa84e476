using Azure.Storage.Blobs;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.WorkerHost.Hosting;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>Start-up, failure and shutdown of the real worker process, each test with a worker of its own.</summary>
public sealed class FunctionsWorkerLifecycleTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Terminate_RunningWorker_ExitsWithCodeZero()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        await using FunctionsWorkerHost worker = await StartAsync(WorkerSettings.For(azurite, layout));
        output.WriteLine($"start-up: {worker.Timings}");

        int exitCode = await worker.TerminateAsync(Grace);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Start_ModelPromoted_WarmsUpBeforeAnyUploadSoTheFirstOneFindsTheModelServing()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = TestModels.CreateSeededConvNet(seed: 3);
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        await registry.PublishAsync(model.Manifest, BinaryData.FromBytes(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        var warmedUp = new TaskCompletionSource<WorkerLog>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using FunctionsWorkerHost worker = await FunctionsWorkerHost.StartAsync(new WorkerHostOptions
        {
            AppDirectory = FunctionsBuildOutput.Directory,
            Settings = WorkerSettings.For(azurite, layout),
            Log = log =>
            {
                if (log.Message.StartsWith("Warmed up with model", StringComparison.Ordinal))
                {
                    warmedUp.TrySetResult(log);
                }
            },
        });

        // No upload has been delivered: the worker loaded the model and classified its own photo on its own.
        WorkerLog warm = await warmedUp.Task.WaitAsync(Grace);
        Assert.Contains(model.Manifest.Version, warm.Message, StringComparison.Ordinal);
        BlobClient upload = azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads).GetBlobClient("first.jpg");
        await upload.UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(64, 64, new Rgb24(20, 30, 120))));
        InvocationResult result = await worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        Assert.Equal(InvocationStatus.Success, result.Status);
        // One load for the instance, the warm-up's: the upload leased it.
        Assert.Single(worker.Logs, l => l.Message.Contains("is now serving (first load", StringComparison.Ordinal));
        Assert.Equal(0, await worker.TerminateAsync(Grace));
    }

    [Fact]
    public async Task ClassifyUpload_NoModelPromoted_FailsSoTheHostRetriesAndPoisons()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        await using FunctionsWorkerHost worker = await StartAsync(WorkerSettings.For(azurite, layout));
        BlobClient upload = azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads).GetBlobClient("early.jpg");
        await upload.UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(64, 64, new Rgb24(20, 30, 120))));

        InvocationResult result = await worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        Assert.Equal(InvocationStatus.Failure, result.Status);
        Assert.Contains("No model has been promoted", result.Error!.Message, StringComparison.Ordinal);
        Assert.False(await azurite.BlobServiceClient.GetBlobContainerClient(layout.Predictions).GetBlobClient("early.jpg.json").ExistsAsync());
        Assert.Equal(0, await worker.TerminateAsync(Grace));
    }

    [Fact]
    public async Task Start_PipelineStorageMissing_ExitsBeforeConnectingAndNamesTheSetting()
    {
        Dictionary<string, string?> settings = WorkerSettings.For(azurite, azurite.UniqueLayout());
        settings[StorageSettings.ConnectionName] = null;

        var error = await Assert.ThrowsAsync<WorkerExitedException>(() => StartAsync(settings));

        Assert.NotEqual(0, error.ExitCode);
        Assert.Contains($"'{StorageSettings.ConnectionName}'", error.Output, StringComparison.Ordinal);
    }

    private static Task<FunctionsWorkerHost> StartAsync(Dictionary<string, string?> settings) =>
        FunctionsWorkerHost.StartAsync(new WorkerHostOptions { AppDirectory = FunctionsBuildOutput.Directory, Settings = settings });
}
