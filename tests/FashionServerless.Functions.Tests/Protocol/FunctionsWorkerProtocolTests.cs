using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Functions.Tests.Build;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Images;
using FashionServerless.WorkerHost.Hosting;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// The deployed artifact's behaviour as the Functions host sees it: the real worker process, invoked over the host
/// protocol with the requests the blob and timer extensions send, against a real Azurite and a real promoted model.
/// </summary>
public sealed class FunctionsWorkerProtocolTests(ClassifyWorkerFixture fixture, ITestOutputHelper output) : IClassFixture<ClassifyWorkerFixture>
{
    private static readonly Rgb24 Navy = new(20, 30, 120);

    [Fact]
    public void Start_BuiltWorker_ReportsAndLoadsTheFunctionsOfTheGeneratedMetadata()
    {
        JsonArray generated = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.Directory, "functions.metadata")))!.AsArray();
        output.WriteLine($"start-up: {fixture.Worker.Timings}");

        Assert.Equal(
            generated.Select(f => (string)f!["name"]!).Order(StringComparer.Ordinal),
            fixture.Worker.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (JsonObject expected in generated.Select(f => f!.AsObject()))
        {
            WorkerFunction reported = fixture.Worker.Functions.Single(f => f.Name == (string)expected["name"]!);
            Assert.Null(reported.LoadError);
            Assert.Equal((string)expected["entryPoint"]!, reported.EntryPoint);
            Assert.Equal((string)expected["scriptFile"]!, Path.GetFileName(reported.ScriptFile));
            JsonObject[] bindings = [.. expected["bindings"]!.AsArray().Select(b => b!.AsObject())];
            Assert.Equal(bindings.Length, reported.Bindings.Count);
            foreach (JsonObject binding in bindings)
            {
                JsonObject match = reported.Bindings.Single(b => (string)b["name"]! == (string)binding["name"]!);
                Assert.True(JsonNode.DeepEquals(WithoutEmptyProperties(binding), WithoutEmptyProperties(match)),
                    $"{reported.Name}: the worker reports {match.ToJsonString()}, functions.metadata has {binding.ToJsonString()}");
            }
        }

        Assert.Equal("EventGrid", (string?)fixture.Worker.Functions.Single(f => f.Name == nameof(ClassifyUpload)).Trigger["source"]);
    }

    // The SDK writes an empty "properties" object into functions.metadata where the worker leaves the member out.
    private static JsonObject WithoutEmptyProperties(JsonObject binding)
    {
        var copy = binding.DeepClone().AsObject();
        if (copy["properties"] is JsonObject { Count: 0 })
        {
            copy.Remove("properties");
        }

        return copy;
    }

    [Fact]
    public async Task ClassifyUpload_PhotoUnderNestedPath_SucceedsAndWritesClassifiedRecord()
    {
        BlobClient upload = await fixture.UploadAsync("2026/06/shop-a/navy.jpg", TestImages.Jpeg(120, 160, Navy));
        string etag = (await upload.GetPropertiesAsync()).Value.ETag.ToString().Trim('"');

        InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        output.WriteLine($"invocation: {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(result.Status == InvocationStatus.Success, $"{result.Status}: {result.Error}");
        PredictionRecord record = (await fixture.Records.ReadAsync("2026/06/shop-a/navy.jpg"))!;
        Assert.Equal(PredictionStatus.Classified, record.Status);
        Assert.Equal("2026/06/shop-a/navy.jpg", record.Source);
        Assert.Equal(etag, record.SourceETag);
        Assert.Equal(["black", "dress", "shirt"], record.Labels);
        Assert.Equal((fixture.Model.Version, fixture.Model.Sha256), (record.ModelVersion, record.ModelSha256));
        // The function's own log reached the host over the stream, tied to this invocation.
        Assert.Contains(result.Logs, l => l.Level == "Information" && l.Message.StartsWith("Classified 2026/06/shop-a/navy.jpg", StringComparison.Ordinal));
        // The upload carries the decision as blob index tags.
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "classified", ["colour"] = "black", ["garment"] = "dress", ["model"] = fixture.Model.Version },
            new Dictionary<string, string>((await upload.GetTagsAsync()).Value.Tags));
        // The worker returned the decision for the $return queue binding, and it is on the classified queue in Azurite.
        QueueOutputMessage returned = Assert.Single(result.QueueMessages);
        Assert.Equal(("classified", "PipelineStorage"), (returned.QueueName, returned.Connection));
        JsonObject message = Assert.Single(await fixture.ClassifiedMessagesAboutAsync("2026/06/shop-a/navy.jpg"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(returned.Text), message), $"queued {message.ToJsonString()}, returned {returned.Text}");
        Assert.Equal(
            (fixture.Layout.Uploads, etag, "classified", "black", "dress", fixture.Model.Version, "2026/06/shop-a/navy.jpg.json"),
            ((string?)message["container"], (string?)message["etag"], (string?)message["status"], (string?)message["colour"], (string?)message["garment"],
                (string?)message["modelVersion"], (string?)message["record"]));
        Assert.Equal(["black", "dress", "shirt"], message["labels"]!.AsArray().Select(l => (string)l!));
    }

    [SkippableFact]
    public async Task ClassifyUpload_RealApparelPhoto_SucceedsAndWritesClassifiedRecord()
    {
        string? photo = RealPhotos.First("blue_shoes");
        Skip.If(photo is null, "../shared/data/apparel (real photos) is not present next to the repository; this test runs only where it is.");
        BlobClient upload = await fixture.UploadAsync($"real/blue_shoes/{Path.GetFileName(photo)}", await File.ReadAllBytesAsync(photo));

        InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        output.WriteLine($"invocation: {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(result.Status == InvocationStatus.Success, $"{result.Status}: {result.Error}");
        PredictionRecord record = (await fixture.Records.ReadAsync(upload.Name))!;
        Assert.Equal(PredictionStatus.Classified, record.Status);
        Assert.Equal(fixture.Model.Version, record.ModelVersion);
    }

    [Fact]
    public async Task ClassifyUpload_TextPosingAsPhoto_SucceedsWithRejectedRecord()
    {
        BlobClient upload = await fixture.UploadAsync("bad/not-a-photo.jpg", TestImages.Text());

        InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        // Success, so the host neither retries nor poisons a file that can never be classified.
        Assert.True(result.Status == InvocationStatus.Success, $"{result.Status}: {result.Error}");
        PredictionRecord record = (await fixture.Records.ReadAsync("bad/not-a-photo.jpg"))!;
        Assert.Equal(PredictionStatus.Rejected, record.Status);
        Assert.Equal("not_an_image", record.Rejection!.Reason);
        Assert.Null(record.Labels);
        Assert.Equal(
            new Dictionary<string, string> { ["status"] = "rejected", ["reason"] = "not_an_image", ["model"] = fixture.Model.Version },
            new Dictionary<string, string>((await upload.GetTagsAsync()).Value.Tags));
        JsonObject message = Assert.Single(await fixture.ClassifiedMessagesAboutAsync("bad/not-a-photo.jpg"));
        Assert.Equal(("rejected", "not_an_image", null, null), ((string?)message["status"], (string?)message["reason"], message["colour"], message["labels"]));
    }

    [Fact]
    public async Task ClassifyUpload_Redelivery_SucceedsWithoutRewritingTheRecord()
    {
        BlobClient upload = await fixture.UploadAsync("again/photo.jpg", TestImages.Jpeg(64, 64, Navy));
        InvocationResult first = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);
        BlobProperties written = (await fixture.Predictions.GetBlobClient(PredictionBlobNames.RecordFor(upload.Name)).GetPropertiesAsync()).Value;

        InvocationResult second = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        Assert.Equal((InvocationStatus.Success, InvocationStatus.Success), (first.Status, second.Status));
        BlobProperties after = (await fixture.Predictions.GetBlobClient(PredictionBlobNames.RecordFor(upload.Name)).GetPropertiesAsync()).Value;
        Assert.Equal(written.ETag, after.ETag);
        Assert.Contains(second.Logs, l => l.Message.StartsWith("Skipped again/photo.jpg", StringComparison.Ordinal) && l.Message.Contains("duplicate delivery", StringComparison.Ordinal));
        // At least once: the redelivery publishes the same decision again, the same by (path, ETag, model version).
        List<JsonObject> messages = await fixture.ClassifiedMessagesAboutAsync("again/photo.jpg");
        Assert.Equal(2, messages.Count);
        Assert.Single(messages.Select(m => ((string?)m["path"], (string?)m["etag"], (string?)m["modelVersion"])).Distinct());
        Assert.True(JsonNode.DeepEquals(messages[0], messages[1]));
    }

    [Fact]
    public async Task ClassifyUpload_BlobDeletedBeforeDelivery_SucceedsWithoutRecord()
    {
        BlobClient upload = await fixture.UploadAsync("gone/photo.jpg", TestImages.Jpeg(64, 64, Navy));
        await upload.DeleteAsync();

        InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload);

        Assert.True(result.Status == InvocationStatus.Success, $"{result.Status}: {result.Error}");
        Assert.Null(await fixture.Records.ReadAsync("gone/photo.jpg"));
        Assert.Empty(result.QueueMessages);
        Assert.Contains(result.Logs, l => l.Level == "Warning" && l.Message.Contains("was deleted before it could be read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvaluateModel_TimerFires_WritesLatestMetricsForThePromotedModel()
    {
        BlobContainerClient evaluation = fixture.Blobs.GetBlobContainerClient(fixture.Layout.Evaluation);
        await evaluation.GetBlobClient("black_dress/1.jpg").UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(64, 64, Navy)), overwrite: true);
        await evaluation.GetBlobClient("black_shirt/2.jpg").UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(64, 64, Navy)), overwrite: true);
        await evaluation.GetBlobClient("blue_pants/3.png").UploadAsync(BinaryData.FromBytes(TestImages.Png(64, 64, Navy)), overwrite: true);

        InvocationResult result = await fixture.Worker.InvokeTimerAsync(nameof(EvaluateModel));

        output.WriteLine($"invocation: {result.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(result.Status == InvocationStatus.Success, $"{result.Status}: {result.Error}");
        BlobClient latest = fixture.Blobs.GetBlobContainerClient(fixture.Layout.Metrics).GetBlobClient(ModelEvaluationService.LatestBlobName);
        JsonObject report = JsonNode.Parse((await latest.DownloadContentAsync()).Value.Content.ToString())!.AsObject();
        Assert.Equal(fixture.Model.Version, (string?)report["modelVersion"]);
        Assert.Equal(3, (int?)report["images"]?["evaluated"]);
        Assert.NotNull(report["metrics"]);
    }
}
