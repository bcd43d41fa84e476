using Azure.Storage.Blobs;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Tests.Publishing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>upload, classify, predictions and evaluate: the commands the demo drives, against Azurite.</summary>
public sealed class PipelineCommandsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task UploadClassifyPredictions_WriteFunctionRecordsIdempotentlyAndPrintThem()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = await PromoteAsync(layout, GateModels.Good());
        using var folder = new TemporaryFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "photo.jpg"), TestImages.Jpeg(40, 40, new Rgb24(10, 10, 10)));
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "notes.jpg"), TestImages.Text());

        CliRun upload = await Run(layout, "upload", "--data", folder.Path, "--container", layout.Uploads, "--prefix", "demo");
        CliRun uploadAgain = await Run(layout, "upload", "--data", folder.Path, "--container", layout.Uploads, "--prefix", "demo");
        CliRun classify = await Run(layout, "classify", "--container", layout.Uploads);
        CliRun classifyAgain = await Run(layout, "classify", "--container", layout.Uploads);
        CliRun predictions = await Run(layout, "predictions", "--container", layout.Predictions);
        CliRun count = await Run(layout, "predictions", "--container", layout.Predictions, "--count");
        CliRun dresses = await Run(layout, "predictions", "--container", layout.Predictions, "--where", "\"garment\" = 'dress' AND \"colour\" = 'black'");
        CliRun blue = await Run(layout, "predictions", "--container", layout.Predictions, "--where", "\"colour\" = 'blue'");

        Assert.Contains("2 new, 0 replaced, 0 already identical", upload.Output, StringComparison.Ordinal);
        Assert.Contains("0 new, 0 replaced, 2 already identical", uploadAgain.Output, StringComparison.Ordinal);
        Assert.True(classify.ExitCode == ExitCodes.Success, classify.ToString());
        Assert.Contains("1 classified, 1 rejected, 0 already", classify.Output, StringComparison.Ordinal);
        Assert.Contains("0 classified, 0 rejected, 2 already", classifyAgain.Output, StringComparison.Ordinal);
        var reader = new PredictionRecordReader(azurite.BlobServiceClient, layout);
        PredictionRecord photo = (await reader.ReadAsync("demo/photo.jpg"))!;
        Assert.Equal(PredictionStatus.Classified, photo.Status);
        Assert.Equal(["black", "dress", "shirt"], photo.Labels);
        Assert.Equal(model.Manifest.Version, photo.ModelVersion);
        PredictionRecord notes = (await reader.ReadAsync("demo/notes.jpg"))!;
        Assert.Equal(PredictionStatus.Rejected, notes.Status);
        Assert.True(predictions.ExitCode == ExitCodes.Success, predictions.ToString());
        Assert.Contains("demo/photo.jpg", predictions.Output, StringComparison.Ordinal);
        Assert.Contains($"{notes.Rejection!.Reason}: ", predictions.Output, StringComparison.Ordinal);
        Assert.Contains(model.Manifest.Version, predictions.Output, StringComparison.Ordinal);
        Assert.Contains("2 records: 1 classified, 1 rejected", predictions.Output, StringComparison.Ordinal);
        Assert.Equal("2", count.Output.Trim());
        // The backfill tags the uploads as the function does, so a tag query finds them without reading records.
        Assert.True(dresses.ExitCode == ExitCodes.Success, dresses.ToString());
        Assert.Contains("1 uploads in", dresses.Output, StringComparison.Ordinal);
        Assert.Contains("demo/photo.jpg", dresses.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("demo/notes.jpg", dresses.Output, StringComparison.Ordinal);
        Assert.Contains("No upload in", blue.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassifyLocalFile_WithModelFile_PrintsLabelsWithoutStorage()
    {
        using TestModel model = GateModels.Good();
        using var folder = new TemporaryFolder();
        string image = Path.Combine(folder.Path, "shirt.png");
        await File.WriteAllBytesAsync(image, TestImages.Png(30, 30, new Rgb24(0, 0, 0)));

        CliRun run = await CliRun.RunAsync(null, "classify", image, "--model", model.ModelPath, "--storage", UnreachableStorage.ConnectionString);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("black,dress,shirt", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClassifyLocalFile_NotAnImage_ExitsWithDataCode()
    {
        using TestModel model = GateModels.Good();
        using var folder = new TemporaryFolder();
        string file = Path.Combine(folder.Path, "x.jpg");
        await File.WriteAllBytesAsync(file, TestImages.Text());

        CliRun run = await CliRun.RunAsync(null, "classify", file, "--model", model.ModelPath);

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains("Image rejected", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateModelOnContainer_PrintsAndWritesMetrics()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        await GateModels.FillAsync(azurite.BlobServiceClient.GetBlobContainerClient(layout.Evaluation));
        using TestModel model = GateModels.Good();
        using var folder = new TemporaryFolder();
        string output = Path.Combine(folder.Path, "metrics.json");

        CliRun run = await Run(layout, "evaluate", "--model", model.Directory, "--output", output);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("macro-F1 0.3333", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"macro\"", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateWriteMetrics_RunsTimerPathAndWritesLatest()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        await GateModels.FillAsync(azurite.BlobServiceClient.GetBlobContainerClient(layout.Evaluation));
        using TestModel model = await PromoteAsync(layout, GateModels.Good());

        CliRun run = await Run(layout, "evaluate", "--write-metrics");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("4 of 4 images evaluated", run.Output, StringComparison.Ordinal);
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics);
        Assert.True(await metrics.GetBlobClient(ModelEvaluationService.LatestBlobName).ExistsAsync());
    }

    [Fact]
    public async Task EvaluateCurrent_NoModelPromoted_ExitsWithModelCode()
    {
        CliRun run = await Run(azurite.UniqueLayout(), "evaluate");

        Assert.Equal(ExitCodes.Model, run.ExitCode);
        Assert.Contains("No model is current", run.ErrorLine, StringComparison.Ordinal);
    }

    private async Task<TestModel> PromoteAsync(BlobLayoutOptions layout, TestModel model)
    {
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        await registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        return model;
    }

    private Task<CliRun> Run(BlobLayoutOptions layout, params string[] args) =>
        CliRun.RunAsync(layout, [.. args, "--storage", azurite.ConnectionString]);
}
