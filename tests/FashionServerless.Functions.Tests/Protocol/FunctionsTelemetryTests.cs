using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.WorkerHost.Hosting;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// The worker's Application Insights wiring, end to end: what the functions log at Information reaches the ingestion
/// service, and nothing buffered is lost when the host stops the worker.
/// </summary>
public sealed class FunctionsTelemetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // The SDK's channel sends on a 30 s interval; the worker stops long before that, so only its flush at stop can
    // have delivered the trace. A little slack for the ingestion endpoint to finish reading the last request.
    private static readonly TimeSpan AfterExit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ClassifyUpload_ApplicationInsightsConfigured_InformationLogReachesIngestionByTheTimeTheWorkerStops()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = TestModels.CreateConstant(ReferenceScores.BlackDressShirt);
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        await registry.PublishAsync(model.Manifest, BinaryData.FromBytes(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        BlobClient upload = azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads).GetBlobClient("traced/photo.jpg");
        await upload.UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(64, 64, new Rgb24(20, 30, 120))));
        await using FakeIngestionEndpoint ingestion = await FakeIngestionEndpoint.StartAsync(
            item => ((string?)item["data"]?["baseData"]?["message"])?.StartsWith("Classified traced/photo.jpg", StringComparison.Ordinal) == true);
        Dictionary<string, string?> settings = WorkerSettings.For(azurite, layout);
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString;
        await using FunctionsWorkerHost worker = await FunctionsWorkerHost.StartAsync(new WorkerHostOptions
        {
            AppDirectory = FunctionsBuildOutput.Directory,
            Settings = settings,
        });

        InvocationResult result = await worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);
        int exitCode = await worker.TerminateAsync(TimeSpan.FromSeconds(30));
        JsonObject trace = await ingestion.Arrived.WaitAsync(AfterExit);

        Assert.Equal((InvocationStatus.Success, 0), (result.Status, exitCode));
        // Information, not only Warning and above: the provider's default Warning rule is removed at start-up.
        Assert.Equal("MessageData", (string?)trace["data"]!["baseType"]);
        Assert.Equal("Information", (string?)trace["data"]!["baseData"]!["severityLevel"]);
        JsonNode properties = trace["data"]!["baseData"]!["properties"]!;
        Assert.Equal(nameof(ClassifyUpload), (string?)properties["AzureFunctions_FunctionName"]);
        Assert.Equal(result.InvocationId, (string?)properties["AzureFunctions_InvocationId"]);
    }
}
