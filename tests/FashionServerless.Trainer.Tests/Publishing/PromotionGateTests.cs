using Azure.Storage.Blobs;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Registry;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Publishing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Tests.Publishing;

public sealed class PromotionGateTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task DecideAsync_NoCurrentModel_Promotes()
    {
        ModelRegistry registry = await NewRegistryAsync();
        using TestModel candidate = GateModels.Bad();
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);

        GateOutcome outcome = await Gate(registry).DecideAsync(classifier, await ImagesAsync(), force: false, CancellationToken.None);

        Assert.True(outcome.Decision.Promoted);
        Assert.Null(outcome.Decision.CurrentVersion);
        Assert.Null(outcome.PointerETag);
    }

    [Fact]
    public async Task DecideAsync_CandidateWorseThanCurrent_RefusesWithBothScores()
    {
        ModelRegistry registry = await NewRegistryAsync();
        using TestModel current = GateModels.Good();
        await PublishAndPromoteAsync(registry, current);
        using TestModel candidate = GateModels.Bad();
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);

        GateOutcome outcome = await Gate(registry).DecideAsync(classifier, await ImagesAsync(), force: false, CancellationToken.None);

        Assert.False(outcome.Decision.Promoted);
        Assert.False(outcome.Decision.Forced);
        Assert.Equal(current.Manifest.Version, outcome.Decision.CurrentVersion);
        Assert.Equal(1.0 / 3, outcome.Decision.CurrentMacroF1!.Value, 6);
        Assert.Equal(0, outcome.Decision.CandidateMacroF1!.Value, 6);
        Assert.Equal(4, outcome.CandidateMetrics!.SampleCount);
        Assert.Contains("--force", outcome.Decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecideAsync_WorseButForced_PromotesAndRecordsForce()
    {
        ModelRegistry registry = await NewRegistryAsync();
        using TestModel current = GateModels.Good();
        await PublishAndPromoteAsync(registry, current);
        using TestModel candidate = GateModels.Bad();
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);

        GateOutcome outcome = await Gate(registry).DecideAsync(classifier, await ImagesAsync(), force: true, CancellationToken.None);

        Assert.True(outcome.Decision.Promoted);
        Assert.True(outcome.Decision.Forced);
    }

    [Fact]
    public async Task DecideAsync_CandidateAtLeastAsGood_Promotes()
    {
        ModelRegistry registry = await NewRegistryAsync();
        using TestModel current = GateModels.Bad();
        await PublishAndPromoteAsync(registry, current);
        using TestModel candidate = GateModels.Good();
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);

        GateOutcome outcome = await Gate(registry).DecideAsync(classifier, await ImagesAsync(), force: false, CancellationToken.None);

        Assert.True(outcome.Decision.Promoted);
        Assert.Equal(0, outcome.Decision.CurrentMacroF1!.Value, 6);
        Assert.Equal(1.0 / 3, outcome.Decision.CandidateMacroF1!.Value, 6);
        Assert.NotNull(outcome.PointerETag);
    }

    [Fact]
    public async Task DecideAsync_ImageOfALabelTheCandidateLacks_SkippedAndReportedNotScoredAsAMiss()
    {
        // The candidate knows black/dress/shirt only; a red_hat and a blue_dress image cannot be judged for it.
        ModelRegistry registry = await NewRegistryAsync();
        var schema = new LabelSchema(["black"], ["dress", "shirt"]);
        using TestModel candidate = TestModels.CreateConstant(new Dictionary<string, float> { ["black"] = 0.9f, ["dress"] = 0.9f, ["shirt"] = 0.1f }, schema);
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);
        BlobContainerClient container = await azurite.CreateContainerAsync("evaluation");
        foreach (string name in new[] { "black_dress/1.jpg", "black_shirt/2.jpg", "blue_dress/3.jpg", "notes.txt" })
        {
            await container.GetBlobClient(name).UploadAsync(new BinaryData(TestImages.Jpeg(40, 40, new Rgb24(20, 20, 20))));
        }

        GateOutcome outcome = await Gate(registry).DecideAsync(classifier, new BlobEvaluationImageSource(container), force: false, CancellationToken.None);

        Assert.Equal(2, outcome.CandidateMetrics!.SampleCount);
        Assert.Equal([("blue_dress/3.jpg", "unknown_label"), ("notes.txt", "unlabelled")], outcome.Rejected.Select(r => (r.Path, r.Reason)).Order());
        // Per label: black 2/2 right; dress 1 TP, 1 FP; shirt 1 FN: macro-F1 (1 + 2/3 + 0) / 3.
        Assert.Equal((1 + (2.0 / 3)) / 3, outcome.Decision.CandidateMacroF1!.Value, 9);
    }

    [Fact]
    public async Task TryDecideAsync_NoImageTheCandidateCanBeScoredOn_ReturnsNull()
    {
        ModelRegistry registry = await NewRegistryAsync();
        using TestModel candidate = GateModels.Good();
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);
        BlobContainerClient container = await azurite.CreateContainerAsync("evaluation");
        await container.GetBlobClient("red_hat/1.jpg").UploadAsync(new BinaryData(TestImages.Jpeg(40, 40, new Rgb24(20, 20, 20))));

        GateOutcome? outcome = await Gate(registry).TryDecideAsync(classifier, new BlobEvaluationImageSource(container), force: false, CancellationToken.None);

        Assert.Null(outcome);
        await Assert.ThrowsAsync<InvalidDataException>(() => Gate(registry).DecideAsync(classifier, new BlobEvaluationImageSource(container), force: false, CancellationToken.None));
    }

    private static PromotionGate Gate(ModelRegistry registry) => new(registry, new EvaluationOptions { BatchSize = 3 });

    private async Task<IEvaluationImageSource> ImagesAsync()
    {
        BlobContainerClient container = await azurite.CreateContainerAsync("evaluation");
        await GateModels.FillAsync(container);
        return new BlobEvaluationImageSource(container);
    }

    private async Task<ModelRegistry> NewRegistryAsync() => new(await azurite.CreateContainerAsync("models"));

    private static async Task PublishAndPromoteAsync(ModelRegistry registry, TestModel model)
    {
        await registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
    }
}
