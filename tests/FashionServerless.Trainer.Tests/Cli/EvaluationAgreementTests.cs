using System.Text.Json;
using Azure.Storage.Blobs;
using FashionServerless.Shared.DependencyInjection;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Publishing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>
/// One evaluation engine: a model trained here, then scored on its own test images by every path that reports figures
/// (training's own test metrics, the promotion gate, <c>evaluate</c>, <c>evaluate --write-metrics</c> and the timer's
/// service built by the function app's registration) gives the same numbers.
/// </summary>
public sealed class EvaluationAgreementTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly int[] Seeds = [5, 6, 7];
    private const float Floor = 0.52f;

    // The run fails unless ONNX and TorchSharp agree within this on every test image (its export parity check).
    private const float ParityTolerance = 1e-4f;

    [Fact]
    public async Task EveryPath_SameTestImages_SameNumbers()
    {
        // TorchSharp's CPU kernels do not promise the same summation order from run to run, so a test image's score can
        // land within the parity tolerance of a decision boundary, where TorchSharp and ONNX may legitimately decide
        // differently. Such a run proves nothing either way: the next seed is trained instead.
        TrainedRun? run = null;
        var tooClose = new List<string>();
        foreach (int seed in Seeds)
        {
            run = await TrainAsync(seed);
            string? close = DecisionWithinParityOfABoundary(run.Classifier, run.Data, run.TestImages);
            if (close is null)
            {
                break;
            }

            tooClose.Add($"seed {seed}: {close}");
            run.Dispose();
            run = null;
        }

        using TrainedRun trained = run
            ?? throw new InvalidOperationException($"Every seed left a decision within the parity tolerance of a boundary: {string.Join("; ", tooClose)}");
        BlobContainerClient evaluation = azurite.BlobServiceClient.GetBlobContainerClient(trained.Layout.Evaluation);

        GateOutcome gate = await new PromotionGate(new ModelRegistry(azurite.BlobServiceClient, trained.Layout), new EvaluationOptions())
            .DecideAsync(trained.Classifier, new BlobEvaluationImageSource(evaluation), force: false, CancellationToken.None);
        string evaluateJson = Path.Combine(trained.Folder.Path, "evaluate.json"), scheduledJson = Path.Combine(trained.Folder.Path, "scheduled.json");
        CliRun evaluate = await Run(trained.Layout, "evaluate", "--model", trained.Output, "--output", evaluateJson);
        CliRun scheduled = await Run(trained.Layout, "evaluate", "--write-metrics", "--output", scheduledJson);
        Assert.True(evaluate.ExitCode == ExitCodes.Success, evaluate.ToString());
        Assert.True(scheduled.ExitCode == ExitCodes.Success, scheduled.ToString());
        EvaluationReport timer = await RunTimerAsync(trained.Layout);

        MultiLabelMetrics fromGate = gate.CandidateMetrics!;
        Assert.Equal(trained.TestImages.Length, fromGate.SampleCount);
        string expected = ManifestJson.Serialize(fromGate);
        Assert.Equal(expected, ManifestJson.Serialize(ReadMetrics(evaluateJson)));
        EvaluationReport fromCli = ManifestJson.Deserialize<EvaluationReport>(await File.ReadAllBytesAsync(scheduledJson), "report");
        Assert.Equal(expected, ManifestJson.Serialize(fromCli.Metrics));
        Assert.Equal(expected, ManifestJson.Serialize(timer.Metrics));
        // The floor makes the model doubt some groups: the same images are uncertain on every path.
        Assert.Equal(fromCli.Images, timer.Images);
        Assert.Equal(ManifestJson.Serialize(timer.Images), ManifestJson.Serialize(ReadImages(evaluateJson)));
        Assert.Equal(fromGate.Macro.F1, trained.Manifest.Promotion!.CandidateMacroF1);
        Assert.Equal(ManifestJson.Serialize(fromGate.ToSummary()), ManifestJson.Serialize(trained.Manifest.TestMetrics));
    }

    /// <summary>
    /// Trains and publishes a model with <paramref name="seed"/> into containers of its own, and puts its test images,
    /// by the run's own split, into the evaluation container.
    /// </summary>
    private async Task<TrainedRun> TrainAsync(int seed)
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data, perClass: 10, classes: ["black_dress", "black_shirt", "blue_dress", "blue_shirt"]);

        // Training: its test metrics come from TorchSharp's scores; with an empty evaluation container, the gate scores
        // the candidate on the same test split with ONNX.
        CliRun train = await Run(layout, [.. TinyDataSet.TrainArgs(data, output, "--seed", $"{seed}", "--val-fraction", "0.125",
            "--test-fraction", "0.25", "--uncertainty-floor", $"{Floor}", "--publish")]);
        Assert.True(train.ExitCode == ExitCodes.Success, train.ToString());
        Assert.Contains("the gate uses this run's test split", train.Output, StringComparison.Ordinal);
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");

        string[] testImages = await TestSplitAsync(data, manifest, seed);
        BlobContainerClient evaluation = azurite.BlobServiceClient.GetBlobContainerClient(layout.Evaluation);
        foreach (string path in testImages)
        {
            await evaluation.GetBlobClient(path).UploadAsync(new BinaryData(await File.ReadAllBytesAsync(Path.Combine(data, path))));
        }

        var classifier = OnnxClassifier.Load(await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx")), manifest);
        return new TrainedRun(layout, folder, data, output, manifest, testImages, classifier);
    }

    /// <summary>
    /// TorchSharp's scores differ from ONNX's by at most the parity tolerance, so when every ONNX score is further than
    /// twice that from each decision boundary (the group's runner-up, the floor), both decide every label alike.
    /// Returns the first decision closer than that, or null.
    /// </summary>
    private static string? DecisionWithinParityOfABoundary(OnnxClassifier classifier, string data, IEnumerable<string> images)
    {
        foreach (string path in images)
        {
            Prediction prediction = classifier.ClassifyImage(File.ReadAllBytes(Path.Combine(data, path)));
            foreach ((string group, IReadOnlyList<string> labels) in classifier.Manifest.Groups)
            {
                float[] scores = [.. labels.Select(l => prediction.Scores[l]).OrderDescending()];
                if (scores[0] - scores[1] <= 2 * ParityTolerance || Math.Abs(scores[0] - Floor) <= 2 * ParityTolerance)
                {
                    return $"{path}: the {group} scores {string.Join(", ", scores)}";
                }
            }
        }

        return null;
    }

    private sealed record TrainedRun(BlobLayoutOptions Layout, TemporaryFolder Folder, string Data, string Output, ModelManifest Manifest,
        string[] TestImages, OnnxClassifier Classifier) : IDisposable
    {
        public void Dispose()
        {
            Classifier.Dispose();
            Folder.Dispose();
        }
    }

    private static async Task<string[]> TestSplitAsync(string data, ModelManifest manifest, int seed)
    {
        using LabelledImageSet set = await new LabelledImageLoader(new ImagePreprocessor(manifest.Preprocessing)).LoadAsync(new FolderImageSource(data));
        DatasetSplit split = StratifiedSplitter.Split(set.ClassOfImage, seed, new SplitFractions(0.625, 0.125, 0.25));
        Assert.Equal(manifest.Dataset!.TestCount, split.Test.Length);
        return [.. split.Test.Select(row => set.Entries[row].RelativePath)];
    }

    private static MultiLabelMetrics ReadMetrics(string evaluateJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(evaluateJson));
        return document.RootElement.GetProperty("metrics").Deserialize<MultiLabelMetrics>(ManifestJson.Options)!;
    }

    private static EvaluationImageCounts ReadImages(string evaluateJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(evaluateJson));
        return document.RootElement.GetProperty("images").Deserialize<EvaluationImageCounts>(ManifestJson.Options)!;
    }

    /// <summary>The timer's service, from the function app's own registration (functions/Program.cs) over its settings.</summary>
    private async Task<EvaluationReport> RunTimerAsync(BlobLayoutOptions layout)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(azurite.ConfigurationFor(layout));
        builder.AddFashionPipeline();
        using IHost host = builder.Build();
        return await host.Services.GetRequiredService<ModelEvaluationService>().RunAsync();
    }

    private Task<CliRun> Run(BlobLayoutOptions layout, params string[] args) =>
        CliRun.RunAsync(layout, [.. args, "--storage", azurite.ConnectionString]);
}
