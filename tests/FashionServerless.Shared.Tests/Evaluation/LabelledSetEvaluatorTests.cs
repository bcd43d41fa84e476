using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Evaluation;

public sealed class LabelledSetEvaluatorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Photo = TestImages.Jpeg(24, 24, new Rgb24(30, 30, 30));

    // black and dress, whatever the image: every image is predicted {black, dress}.
    private static readonly Dictionary<string, float> BlackDress = new()
    {
        ["black"] = 0.9f, ["blue"] = 0.1f, ["dress"] = 0.8f, ["pants"] = 0.1f, ["shirt"] = 0.2f, ["shoes"] = 0.1f, ["shorts"] = 0.1f,
    };

    [Fact]
    public async Task EvaluateAsync_PathsThatNameNoKnownClass_SkippedWithTheirReasonNeverScored()
    {
        using TestModel model = TestModels.CreateConstant(BlackDress, decision: new DecisionRule());
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);
        var images = new MemoryImages(new()
        {
            ["black_dress/1.jpg"] = Photo,
            ["blue_shirt/2.jpg"] = Photo,
            ["notes.jpg"] = Photo,
            ["black_dress/old/3.jpg"] = Photo,
            ["black-dress/4.jpg"] = Photo,
            ["red_hat/5.jpg"] = Photo,
            ["black_hat/6.jpg"] = Photo,
            ["black_dress/text.jpg"] = TestImages.Text(),
        });

        LabelledSetEvaluation result = await new LabelledSetEvaluator([classifier], new EvaluationOptions { BatchSize = 3 }).EvaluateAsync(images);

        ModelEvaluation scored = Assert.Single(result.Models);
        Assert.Equal(8, result.Listed);
        Assert.Equal(2, scored.Evaluated);
        Assert.Equal(
            [("black-dress/4.jpg", "invalid_label_folder"), ("black_dress/old/3.jpg", "nested_folder"), ("black_dress/text.jpg", "not_an_image"),
             ("black_hat/6.jpg", "unknown_label"), ("notes.jpg", "unlabelled"), ("red_hat/5.jpg", "unknown_label")],
            scored.Skipped.Select(s => (s.Path, s.Reason)).Order());
        Assert.Contains("has no label 'hat'", scored.Skipped.Single(s => s.Path == "black_hat/6.jpg").Message, StringComparison.Ordinal);
        // Only the two labelled images were read: the skipped paths never are.
        Assert.Equal(["black_dress/1.jpg", "black_dress/text.jpg", "blue_shirt/2.jpg"], images.Read.Order());
        // black_dress right; blue_shirt predicted black/dress: black FP, blue FN, dress FP, shirt FN.
        MultiLabelMetrics metrics = scored.Metrics!;
        Assert.Equal(0.5, metrics.ExactMatch);
        Assert.Equal(2.0 / 4, metrics.Micro.Precision, 9);
    }

    [Fact]
    public async Task EvaluateAsync_TwoModelsInOnePass_EachGetsExactlyItsFiguresAlone()
    {
        // The second model knows no 'blue', so it skips the blue image the first one scores.
        var narrow = new LabelSchema(["black"], ["dress", "shirt"]);
        using TestModel wide = TestModels.CreateConstant(BlackDress, thresholds: new Dictionary<string, float> { ["dress"] = 0.85f });
        using TestModel small = TestModels.CreateConstant(new Dictionary<string, float> { ["black"] = 0.6f, ["dress"] = 0.3f, ["shirt"] = 0.7f }, narrow);
        using OnnxClassifier first = OnnxClassifier.Load(wide.OnnxBytes, wide.Manifest);
        using OnnxClassifier second = OnnxClassifier.Load(small.OnnxBytes, small.Manifest);
        var images = new MemoryImages(new()
        {
            ["black_dress/1.jpg"] = Photo, ["black_shirt/2.jpg"] = Photo, ["blue_dress/3.jpg"] = Photo, ["black_shirt/4.png"] = TestImages.Png(20, 20, new Rgb24(1, 2, 3)),
        });
        var options = new EvaluationOptions { BatchSize = 2, Parallelism = 2 };

        LabelledSetEvaluation both = await new LabelledSetEvaluator([first, second], options).EvaluateAsync(images);
        int readInOnePass = images.Read.Count;
        LabelledSetEvaluation firstAlone = await new LabelledSetEvaluator([first], options).EvaluateAsync(images);
        LabelledSetEvaluation secondAlone = await new LabelledSetEvaluator([second], options).EvaluateAsync(images);

        Assert.Equal(ManifestJson.Serialize(firstAlone.Models[0]), ManifestJson.Serialize(both.Models[0]));
        Assert.Equal(ManifestJson.Serialize(secondAlone.Models[0]), ManifestJson.Serialize(both.Models[1]));
        Assert.Equal(4, both.Models[0].Evaluated);
        Assert.Equal(3, both.Models[1].Evaluated);
        Assert.Equal("blue_dress/3.jpg", Assert.Single(both.Models[1].Skipped).Path);
        // One pass: each image was read once, not once per model.
        Assert.Equal(4, readInOnePass);
    }

    [Fact]
    public async Task EvaluateAsync_ImageOverTheByteLimitByItsListing_RefusedWithoutReadingIt()
    {
        using TestModel model = TestModels.CreateConstant(BlackDress);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest, OnnxClassifierOptions.Default with
        {
            ImageLimits = OnnxClassifierOptions.Default.ImageLimits with { MaxBytes = 10_000 },
        });
        var images = new MemoryImages(new() { ["black_dress/1.jpg"] = Photo }, lengthOverride: 20_000);

        ModelEvaluation scored = (await new LabelledSetEvaluator([classifier], new EvaluationOptions()).EvaluateAsync(images)).Models[0];

        Assert.Equal("too_large", Assert.Single(scored.Skipped).Reason);
        Assert.Empty(images.Read);
    }

    [Fact]
    public async Task EvaluateAsync_ContainerPrefix_ScoresOnlyUnderItAndNamesPathsRelativeToIt()
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("evaluation");
        await container.GetBlobClient("2026/black_dress/1.jpg").UploadAsync(new BinaryData(Photo));
        await container.GetBlobClient("2026/notes.txt").UploadAsync(new BinaryData(TestImages.Text()));
        await container.GetBlobClient("2025/black_dress/2.jpg").UploadAsync(new BinaryData(Photo));
        using TestModel model = TestModels.CreateConstant(BlackDress);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        LabelledSetEvaluation result = await new LabelledSetEvaluator([classifier], new EvaluationOptions())
            .EvaluateAsync(new BlobEvaluationImageSource(container, "2026/"));

        Assert.Equal(2, result.Listed);
        Assert.Equal(1, result.Models[0].Evaluated);
        Assert.Equal(("notes.txt", "unlabelled"), (result.Models[0].Skipped[0].Path, result.Models[0].Skipped[0].Reason));
    }

    [Fact]
    public async Task EvaluateAsync_ContainerMissing_ThrowsDirectoryNotFoundNamingIt()
    {
        using TestModel model = TestModels.CreateConstant(BlackDress);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);
        BlobContainerClient missing = azurite.BlobServiceClient.GetBlobContainerClient(azurite.UniqueContainerName("absent"));

        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => new LabelledSetEvaluator([classifier], new EvaluationOptions())
            .EvaluateAsync(new BlobEvaluationImageSource(missing)));

        Assert.Contains(missing.Name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreTallyFor_OldManifestMissingAThreshold_ThrowsInsteadOfAssumingHalf()
    {
        using TestModel model = TestModels.CreateConstant(BlackDress);
        ModelManifest old = model.Manifest with { Thresholds = model.Manifest.Thresholds.Where(t => t.Key != "shirt").ToDictionary() };

        var ex = Assert.Throws<InvalidDataException>(() => ScoreTally.For(old));

        Assert.Contains("'shirt' has no threshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreTallyMeasure_Rows_SameAsTheModelsOwnRuleOnTheAccumulator()
    {
        LabelDecider decider = LabelDecider.GroupArgmax(new LabelSchema(["black", "blue"], ["dress", "shirt"]),
            new Dictionary<string, float> { ["garment"] = 0.5f });
        float[][] targets = [[1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 0, 1]];
        float[][] scores = [[0.9f, 0.1f, 0.7f, 0.2f], [0.3f, 0.6f, 0.4f, 0.45f], [0.8f, 0.3f, 0.6f, 0.55f]];
        var accumulator = new MultiLabelMetricsAccumulator(decider);
        for (int i = 0; i < 3; i++)
        {
            accumulator.AddScores(targets[i], scores[i]);
        }

        MultiLabelMetrics measured = ScoreTally.Measure(decider, targets, scores)!;

        Assert.Equal(ManifestJson.Serialize(accumulator.ToMetrics()), ManifestJson.Serialize(measured));
        Assert.Null(ScoreTally.Measure(decider, [], []));
    }

    /// <summary>Images held in memory, recording which were read.</summary>
    private sealed class MemoryImages(Dictionary<string, byte[]> images, long? lengthOverride = null) : IEvaluationImageSource
    {
        public List<string> Read { get; } = [];

        public string Description => "images in memory";

        public async IAsyncEnumerable<EvaluationImageEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach ((string path, byte[] content) in images.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                yield return new EvaluationImageEntry(path, path, lengthOverride ?? content.Length);
            }
        }

        public Task<ReadOnlyMemory<byte>?> ReadAsync(EvaluationImageEntry entry, CancellationToken cancellationToken)
        {
            lock (Read)
            {
                Read.Add(entry.Path);
            }

            return Task.FromResult<ReadOnlyMemory<byte>?>(images[entry.Location]);
        }
    }
}
