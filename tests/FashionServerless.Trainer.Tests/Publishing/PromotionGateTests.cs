using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Registry;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Publishing;

namespace FashionServerless.Trainer.Tests.Publishing;

public sealed class PromotionGateTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task DecideAsync_NoCurrentModel_Promotes()
    {
        ModelRegistry registry = await NewRegistryAsync();
        using TestModel candidate = GateModels.Bad();
        using OnnxClassifier classifier = OnnxClassifier.Load(candidate.OnnxBytes, candidate.Manifest);

        GateOutcome outcome = await new PromotionGate(registry).DecideAsync(classifier, GateModels.Set(), force: false, CancellationToken.None);

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

        GateOutcome outcome = await new PromotionGate(registry).DecideAsync(classifier, GateModels.Set(), force: false, CancellationToken.None);

        Assert.False(outcome.Decision.Promoted);
        Assert.False(outcome.Decision.Forced);
        Assert.Equal(current.Manifest.Version, outcome.Decision.CurrentVersion);
        Assert.Equal(1.0 / 3, outcome.Decision.CurrentMacroF1!.Value, 6);
        Assert.Equal(0, outcome.Decision.CandidateMacroF1!.Value, 6);
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

        GateOutcome outcome = await new PromotionGate(registry).DecideAsync(classifier, GateModels.Set(), force: true, CancellationToken.None);

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

        GateOutcome outcome = await new PromotionGate(registry).DecideAsync(classifier, GateModels.Set(), force: false, CancellationToken.None);

        Assert.True(outcome.Decision.Promoted);
        Assert.Equal(0, outcome.Decision.CurrentMacroF1!.Value, 6);
        Assert.Equal(1.0 / 3, outcome.Decision.CandidateMacroF1!.Value, 6);
        Assert.NotNull(outcome.PointerETag);
    }

    private async Task<ModelRegistry> NewRegistryAsync() => new(await azurite.CreateContainerAsync("models"));

    private static async Task PublishAndPromoteAsync(ModelRegistry registry, TestModel model)
    {
        await registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
    }
}
