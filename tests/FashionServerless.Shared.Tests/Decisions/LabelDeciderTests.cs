using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Testing.Models;

namespace FashionServerless.Shared.Tests.Decisions;

public sealed class LabelDeciderTests
{
    private static readonly LabelSchema Schema = TestModels.ReferenceSchema;

    // Label order: black, blue, dress, pants, shirt, shoes, shorts.
    private static readonly float[] NoGarmentClears = [0.9f, 0.2f, 0.3f, 0.45f, 0.4f, 0.1f, 0.05f];

    [Fact]
    public void Decide_GroupArgmax_OneColourAndOneGarmentEvenWhenNoneClearsHalf()
    {
        LabelDecider decider = LabelDecider.GroupArgmax(Schema);
        var predicted = new bool[7];

        LabelDecision decision = decider.Decide(NoGarmentClears, predicted);

        Assert.Equal(["black", "pants"], Picked(predicted));
        Assert.False(decision.IsUncertain);
    }

    [Fact]
    public void Decide_GroupArgmax_TwoGarmentsAboveHalf_OnlyTheBestIsPredicted()
    {
        LabelDecider decider = LabelDecider.GroupArgmax(Schema);
        var predicted = new bool[7];

        decider.Decide([0.2f, 0.8f, 0.7f, 0.1f, 0.75f, 0.1f, 0.1f], predicted);

        Assert.Equal(["blue", "shirt"], Picked(predicted));
    }

    [Fact]
    public void Decide_BestBelowTheGroupsFloor_GroupIsUncertainAndNamesNoLabel()
    {
        LabelDecider decider = LabelDecider.GroupArgmax(Schema, new Dictionary<string, float> { ["colour"] = 0.5f, ["garment"] = 0.5f });
        var predicted = new bool[7];

        LabelDecision decision = decider.Decide(NoGarmentClears, predicted);

        Assert.Equal(["black"], Picked(predicted));
        Assert.Equal([1], decision.UncertainGroups);
    }

    [Fact]
    public void Decide_TiedScores_FirstLabelInLabelOrderWins()
    {
        LabelDecider decider = LabelDecider.GroupArgmax(Schema);
        var predicted = new bool[7];

        decider.Decide([0.6f, 0.6f, 0.1f, 0.7f, 0.7f, 0.1f, 0.1f], predicted);

        Assert.Equal(["black", "pants"], Picked(predicted));
    }

    [Fact]
    public void Decide_ThresholdsRule_EachLabelOnItsOwn()
    {
        var decider = new LabelDecider(Schema.Labels, Schema.Groups, new DecisionRule { Rule = DecisionRuleKind.Thresholds }, [0.5f, 0.15f, 0.5f, 0.5f, 0.3f, 0.5f, 0.5f]);
        var predicted = new bool[7];

        decider.Decide(NoGarmentClears, predicted);

        Assert.Equal(["black", "blue", "shirt"], Picked(predicted));
    }

    [Fact]
    public void FromManifest_NoRuleRecorded_DecidesByThresholdsAsBeforeRulesWereRecorded()
    {
        using TestModel model = TestModels.CreateConstant(Scores(NoGarmentClears), thresholds: new Dictionary<string, float> { ["blue"] = 0.15f });
        Assert.Null(model.Manifest.Decision);

        LabelDecider decider = LabelDecider.FromManifest(model.Manifest);
        var predicted = new bool[7];
        decider.Decide(NoGarmentClears, predicted);

        Assert.Equal(DecisionRuleKind.Thresholds, decider.Rule.Rule);
        Assert.Equal(["black", "blue"], Picked(predicted));
    }

    [Fact]
    public void Constructor_LabelInTwoGroups_ThrowsNamingIt()
    {
        LabelGroup[] overlapping = [new("colour", ["black", "blue"]), new("garment", ["blue", "dress"])];

        ArgumentException error = Assert.Throws<ArgumentException>(() => new LabelDecider(["black", "blue", "dress"], overlapping, new DecisionRule()));

        Assert.Contains("'blue' is in 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("size", 0.5f, "'size', which is not one of the groups")]
    [InlineData("garment", 1f, "must be in [0, 1)")]
    [InlineData("garment", -0.1f, "must be in [0, 1)")]
    public void Constructor_BadFloor_ThrowsNamingIt(string group, float floor, string expected)
    {
        var rule = new DecisionRule { Floors = new Dictionary<string, float> { [group] = floor } };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new LabelDecider(Schema.Labels, Schema.Groups, rule));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ThresholdsRuleWithoutThresholds_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LabelDecider(Schema.Labels, Schema.Groups, new DecisionRule { Rule = DecisionRuleKind.Thresholds }));
    }

    [Fact]
    public void Decide_NaNScore_Throws()
    {
        LabelDecider decider = LabelDecider.GroupArgmax(Schema);

        Assert.Throws<ArgumentException>(() => decider.Decide([float.NaN, 0, 0, 0, 0, 0, 0], new bool[7]));
    }

    [Fact]
    public void Accumulator_WithDecider_CountsUncertainImagesAndMissesTheirLabels()
    {
        var decider = LabelDecider.GroupArgmax(Schema, new Dictionary<string, float> { ["garment"] = 0.5f });
        var accumulator = new MultiLabelMetricsAccumulator(decider);
        float[] blackPants = [1, 0, 0, 1, 0, 0, 0];

        accumulator.AddScores(blackPants, NoGarmentClears);
        accumulator.AddScores(blackPants, [0.9f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f]);
        MultiLabelMetrics metrics = accumulator.ToMetrics();

        Assert.Equal(1, accumulator.UncertainCount);
        Assert.Equal(0.5, metrics.ExactMatch);
        LabelMetrics pants = metrics.PerLabel.Single(l => l.Label == "pants");
        Assert.Equal(1.0, pants.Precision);
        Assert.Equal(0.5, pants.Recall);
    }

    private static Dictionary<string, float> Scores(float[] values) =>
        Schema.Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => values[p.i]);

    private static string[] Picked(bool[] predicted) => [.. Schema.Labels.Where((_, i) => predicted[i])];
}
