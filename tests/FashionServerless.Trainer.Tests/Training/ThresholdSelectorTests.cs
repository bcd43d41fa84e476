using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class ThresholdSelectorTests
{
    private static float[][] Column(params float[] values) => [.. values.Select(v => new[] { v })];

    [Fact]
    public void Select_SeparableScoresBelowHalf_PicksAThresholdBetweenTheClasses()
    {
        float[][] scores = Column(0.05f, 0.10f, 0.30f, 0.35f);
        float[][] targets = Column(0, 0, 1, 1);

        float threshold = ThresholdSelector.Select(scores, targets, 1)[0];

        Assert.Equal(0.2f, threshold, 5);
    }

    [Fact]
    public void Select_HalfAlreadyPerfect_KeepsHalfOnTies()
    {
        float[][] scores = Column(0.1f, 0.2f, 0.8f, 0.9f);
        float[][] targets = Column(0, 0, 1, 1);

        Assert.Equal(0.5f, ThresholdSelector.Select(scores, targets, 1)[0]);
    }

    [Fact]
    public void Select_OverlappingScores_MaximisesF1()
    {
        // At 0.65 (between 0.6 and 0.7): TP 2, FP 0, FN 1, F1 0.8. At 0.45: TP 3, FP 1, F1 0.857, the best.
        float[][] scores = Column(0.1f, 0.4f, 0.5f, 0.6f, 0.7f, 0.9f);
        float[][] targets = Column(0, 0, 1, 0, 1, 1);

        float threshold = ThresholdSelector.Select(scores, targets, 1)[0];

        Assert.True(threshold is > 0.4f and <= 0.5f, $"threshold {threshold}");
    }

    [Fact]
    public void Select_EachLabelIndependently()
    {
        float[][] scores = [[0.1f, 0.7f], [0.3f, 0.8f], [0.2f, 0.95f], [0.4f, 0.99f]];
        float[][] targets = [[0, 0], [1, 0], [0, 1], [1, 1]];

        float[] thresholds = ThresholdSelector.Select(scores, targets, 2);

        Assert.Equal(0.25f, thresholds[0], 5);
        Assert.Equal(0.875f, thresholds[1], 5);
    }

    [Fact]
    public void Select_LabelWithoutPositives_ThresholdAboveEveryScore()
    {
        Assert.Equal(0.5f, ThresholdSelector.Select(Column(0.1f, 0.3f), Column(0, 0), 1)[0]);
        Assert.True(ThresholdSelector.Select(Column(0.1f, 0.7f), Column(0, 0), 1)[0] > 0.7f);
    }
}
