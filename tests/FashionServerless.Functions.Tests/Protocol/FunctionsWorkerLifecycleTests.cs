using Azure.Storage.Blobs;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
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
