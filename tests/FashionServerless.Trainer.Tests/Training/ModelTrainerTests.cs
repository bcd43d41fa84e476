using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class ModelTrainerTests(SyntheticTrainingFixture fixture, ITestOutputHelper output) : IClassFixture<SyntheticTrainingFixture>
{
    [Fact]
    public void Train_SmallSyntheticSet_LearnsToMacroF1OfAtLeast09OnTheTestSplit()
    {
        var options = new TrainingOptions { BatchSize = 32, MaxEpochs = 12, EarlyStoppingPatience = 3, Seed = 1 };
        var epochs = new RecordingProgress();

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, fixture.Split, epochs);

        foreach (EpochMetrics e in result.History)
        {
            output.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4} val {e.ValidationLoss:F4} micro {e.ValidationMicroF1:F3} macro {e.ValidationMacroF1:F3} lr {e.LearningRate:G3} {e.ImagesPerSecond:F0} img/s");
        }

        MultiLabelMetrics test = ModelScoring.Measure(fixture.Data.Schema, result.TestTargets, result.TestScores, result.Thresholds);
        (double micro, double macro) = (test.Micro.F1, test.Macro.F1);
        output.WriteLine($"test micro {micro:F3} macro {macro:F3}, thresholds {string.Join(", ", result.Thresholds)}");
        Assert.True(macro >= 0.9, $"test macro-F1 {macro:F3} is below 0.9");
        Assert.Equal(result.History, epochs.Reported);
        Assert.Equal(fixture.Split.Test.Length, result.TestScores.Length);
        Assert.All(result.TestScores, row => Assert.Equal(fixture.Data.Schema.Count, row.Length));
        Assert.InRange(result.BestEpoch, 1, result.History.Count);
        Assert.True(result.BestEpoch > options.WarmupEpochs, $"best epoch {result.BestEpoch} is inside the warm-up");
        Assert.Equal(result.History.Skip(options.WarmupEpochs).Min(e => e.ValidationLoss), result.History[result.BestEpoch - 1].ValidationLoss);
        Assert.Equal(result.Thresholds.Length, fixture.Data.Schema.Count);
    }

    [Fact]
    public void Train_BestWeightsRestored_ValidationLossOfReturnedModelIsTheBestEpochs()
    {
        var options = new TrainingOptions { BatchSize = 16, MaxEpochs = 3, WarmupEpochs = 0, Seed = 3, Augmentation = AugmentationOptions.Disabled };
        DatasetSplit split = Small(fixture.Split);

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, split);

        using torch.Tensor validationImages = fixture.Data.Images.index_select(0, torch.tensor(split.Validation.Select(i => (long)i).ToArray()));
        float[][] rescored = ModelScoring.Predict(result.Model, validationImages);
        Assert.Equal(result.ValidationScores.Length, rescored.Length);
        for (int i = 0; i < rescored.Length; i++)
        {
            Assert.Equal(result.ValidationScores[i], rescored[i]);
        }

        double best = result.History[result.BestEpoch - 1].ValidationLoss;
        double recomputed = BinaryCrossEntropy(rescored, result.ValidationTargets);
        Assert.Equal(best, recomputed, 3);
    }

    [Fact]
    public void Train_WarmupEpochs_NotWatchedByEarlyStoppingOrThePlateau()
    {
        // Patience 1 on both: had the first epochs been watched, any epoch 2-4 without a new best would change the rate.
        var options = new TrainingOptions
        {
            BatchSize = 16, MaxEpochs = 5, WarmupEpochs = 3, EarlyStoppingPatience = 1, PlateauPatience = 1, Seed = 6,
            Augmentation = AugmentationOptions.Disabled,
        };

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split));

        Assert.Equal(5, result.History.Count);
        Assert.Equal([false, false, false, true], result.History.Take(4).Select(e => e.IsBest));
        Assert.All(result.History.Take(4), e => Assert.Equal(options.LearningRate, e.LearningRate));
        Assert.InRange(result.BestEpoch, 4, 5);
        Assert.False(result.StoppedEarly);
    }

    [Fact]
    public void Train_NoLongerThanTheWarmup_KeepsTheFinalEpochsWeights()
    {
        var options = new TrainingOptions { BatchSize = 16, MaxEpochs = 2, WarmupEpochs = 3, Seed = 6, Augmentation = AugmentationOptions.Disabled };
        DatasetSplit split = Small(fixture.Split);

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, split);

        Assert.Equal(2, result.BestEpoch);
        Assert.All(result.History, e => Assert.False(e.IsBest));
        using torch.Tensor validationImages = fixture.Data.Images.index_select(0, torch.tensor(split.Validation.Select(i => (long)i).ToArray()));
        double finalLoss = BinaryCrossEntropy(ModelScoring.Predict(result.Model, validationImages), result.ValidationTargets);
        Assert.Equal(result.History[^1].ValidationLoss, finalLoss, 3);
    }

    [Fact]
    public void Train_SeveralEpochs_LiveTensorCountDoesNotGrow()
    {
        // No warm-up, so the best-weights snapshot is held from the first epoch and the counts compare like with like.
        var options = new TrainingOptions { BatchSize = 16, MaxEpochs = 5, EarlyStoppingPatience = 10, WarmupEpochs = 0, Seed = 4 };
        var liveTensors = new List<long>();
        var progress = new RecordingProgress(_ => liveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split), progress);

        output.WriteLine(string.Join(", ", liveTensors));
        Assert.Equal(5, liveTensors.Count);
        Assert.True(liveTensors[^1] <= liveTensors[0], $"live tensors grew across epochs: {string.Join(", ", liveTensors)}");
    }

    [Fact]
    public void Train_StepProgress_ReportsEveryBatchUpToTheEpochsImageCount()
    {
        var options = new TrainingOptions { BatchSize = 20, MaxEpochs = 2, Seed = 5 };
        var steps = new StepRecorder();

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split), stepProgress: steps);

        // 48 training images in batches of 20: 20, 40, 48 in each of the two epochs.
        Assert.Equal([(1, 20L), (1, 40L), (1, 48L), (2, 20L), (2, 40L), (2, 48L)], steps.Reported.Select(s => (s.Epoch, s.ImagesDone)));
        Assert.All(steps.Reported, s => Assert.Equal(48, s.ImagesTotal));
        Assert.All(steps.Reported, s => Assert.True(s.RunningLoss > 0 && double.IsFinite(s.RunningLoss)));
        Assert.Equal(result.History[0].TrainLoss, steps.Reported[2].RunningLoss, 6);
    }

    [Fact]
    public void Train_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new ModelTrainer(new TrainingOptions { MaxEpochs = 1 }).Train(fixture.Data, fixture.Split, cancellationToken: cancellation.Token));
    }

    /// <summary>A few batches' worth of the split, for tests about mechanics rather than learning.</summary>
    private static DatasetSplit Small(DatasetSplit split) => split with { Train = split.Train[..48], Validation = split.Validation[..20], Test = split.Test[..10] };

    private static double BinaryCrossEntropy(float[][] scores, float[][] targets)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores[i].Length; j++)
            {
                double p = Math.Clamp(scores[i][j], 1e-7, 1 - 1e-7);
                sum -= targets[i][j] * Math.Log(p) + (1 - targets[i][j]) * Math.Log(1 - p);
                count++;
            }
        }

        return sum / count;
    }

    private sealed class StepRecorder : IProgress<TrainingStep>
    {
        public List<TrainingStep> Reported { get; } = [];

        public void Report(TrainingStep value) => Reported.Add(value);
    }

    /// <summary>Records reports synchronously on the training thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class RecordingProgress(Action<EpochMetrics>? onReport = null) : IProgress<EpochMetrics>
    {
        public List<EpochMetrics> Reported { get; } = [];

        public void Report(EpochMetrics value)
        {
            Reported.Add(value);
            onReport?.Invoke(value);
        }
    }
}
