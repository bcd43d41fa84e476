using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Data;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Model;
using FashionServerless.Trainer.Synthetic;
using FashionServerless.Trainer.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class ModelTrainerTests(SyntheticTrainingFixture fixture, ITestOutputHelper output) : IClassFixture<SyntheticTrainingFixture>
{
    private static readonly string[] OtherColours = ["red", "green", "white"];
    private static readonly string[] OtherGarments = ["dress", "shoes", "shorts"];

    [Fact]
    public void Train_SmallSyntheticSet_LearnsToMacroF1OfAtLeast09OnTheTestSplit()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 12, Seed = 1 };
        var epochs = new RecordingProgress();

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, fixture.Split, epochs);

        foreach (EpochMetrics e in result.History)
        {
            output.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4} val {e.Validation?.Loss:F4} macro {e.Validation?.MacroF1:F3} lr {e.LearningRate:G3} {e.ImagesPerSecond:F0} img/s");
        }

        MultiLabelMetrics test = ModelScoring.Measure(LabelDecider.GroupArgmax(fixture.Data.Schema), result.TestTargets, result.TestScores);
        output.WriteLine($"test micro {test.Micro.F1:F3} macro {test.Macro.F1:F3} exact {test.ExactMatch:F3}");
        Assert.True(test.Macro.F1 >= 0.9, $"test macro-F1 {test.Macro.F1:F3} is below 0.9");
        Assert.Equal(result.History, epochs.Reported);
        Assert.Equal(12, result.History.Count);
        Assert.Equal(fixture.Split.Test.Length, result.TestScores.Length);
        Assert.All(result.TestScores, row => Assert.Equal(fixture.Data.Schema.Count, row.Length));
        Assert.All(result.History, e => Assert.NotNull(e.Validation));
    }

    [Fact]
    public async Task Train_OtherLabelSet_SameRecipeLearnsThreeColoursAndThreeGarments()
    {
        // The recipe must not be tuned to black/blue: a label set with three colours (two of them light) and other
        // garments is learnt by the same defaults, decided one colour and one garment per image.
        using var folder = new TemporaryFolder();
        string[] classes = [.. from c in OtherColours from g in OtherGarments select $"{c}_{g}"];
        SyntheticApparelGenerator.Generate(folder.Path, new SyntheticDataOptions { Classes = classes, ImagesPerClass = 30, Size = 96, Seed = 77 });
        using LabelledImageSet data = await new LabelledImageLoader(new ImagePreprocessor(PreprocessingSpec.Default))
            .LoadAsync(new FolderImageSource(folder.Path));
        DatasetSplit split = StratifiedSplitter.Split(data.ClassOfImage, seed: 3, new SplitFractions(0.7, 0, 0.3));
        var options = new TrainingOptions { BatchSize = 16, Epochs = 12, Seed = 1 };

        using TrainingResult result = new ModelTrainer(options).Train(data, split);

        Assert.Equal(["green", "red", "white"], data.Schema.Groups[0].Labels.Order(StringComparer.Ordinal));
        MultiLabelMetrics test = ModelScoring.Measure(LabelDecider.GroupArgmax(data.Schema), result.TestTargets, result.TestScores);
        output.WriteLine($"test micro {test.Micro.F1:F3} macro {test.Macro.F1:F3} exact {test.ExactMatch:F3} | "
            + string.Join("  ", data.Schema.Labels.Select((l, i) => $"{l} {test.PerLabel[i].F1:F3}")));
        // Measured 0.926 (colours 1.0, garments 0.82-0.90 from 21 training photos each); guessing scores about 0.33.
        Assert.True(test.Macro.F1 >= 0.85, $"test macro-F1 {test.Macro.F1:F3} is below 0.85");
    }

    [Fact]
    public void Train_Finished_ScoresAreThoseOfTheReturnedModel()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 2, Seed = 3, Augmentation = AugmentationOptions.Disabled };
        DatasetSplit split = Small(fixture.Split);

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, split);

        using torch.Tensor validationImages = fixture.Data.Images.index_select(0, torch.tensor(split.Validation.Select(i => (long)i).ToArray()));
        float[][] rescored = ModelScoring.Predict(result.Model, validationImages);
        Assert.Equal(result.ValidationScores, rescored);
        Assert.Equal(result.History[^1].Validation!.Loss, BinaryCrossEntropy(rescored, result.ValidationTargets), 3);
    }

    [Fact]
    public void Train_OneCycle_RateClimbsToThePeakThenAnnealsToAlmostNothing()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 8, LearningRate = 4e-3, WarmupFraction = 0.25, Seed = 6, Augmentation = AugmentationOptions.Disabled };

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split));

        double[] rates = [.. result.History.Select(e => e.LearningRate)];
        output.WriteLine(string.Join(", ", rates.Select(r => r.ToString("G3", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.True(rates[0] < rates[1], "the rate should rise during the warm-up");
        Assert.InRange(rates.Max(), options.LearningRate * 0.9, options.LearningRate * 1.0001);
        Assert.True(rates[2..].Zip(rates[3..]).All(p => p.Second < p.First), "after the peak the rate should only fall");
        Assert.True(rates[^1] < options.LearningRate / 1000, $"the last rate {rates[^1]:G3} should be almost zero");
    }

    [Fact]
    public void Train_WithoutValidationSplit_TrainsOnEverythingAndReportsNoValidation()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 2, Seed = 2 };
        DatasetSplit everything = new(7, fixture.Split.Train[..40], [], []);

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, everything);

        Assert.All(result.History, e => Assert.Null(e.Validation));
        Assert.Empty(result.ValidationScores);
        Assert.Empty(result.TestScores);
    }

    [Fact]
    public void Train_WithWeightAverage_ReturnedModelDiffersFromTheLastStepsWeights()
    {
        // Same seed and data: the only difference is whether the average replaces the last step's weights at the end.
        DatasetSplit split = Small(fixture.Split);
        var plain = new TrainingOptions { BatchSize = 16, Epochs = 2, Seed = 9, Augmentation = AugmentationOptions.Disabled };

        using TrainingResult last = new ModelTrainer(plain).Train(fixture.Data, split);
        using TrainingResult averaged = new ModelTrainer(plain with { AverageDecay = 0.9 }).Train(fixture.Data, split);

        float lastWeight = FirstWeight(last.Model);
        float averagedWeight = FirstWeight(averaged.Model);
        Assert.NotEqual(lastWeight, averagedWeight);
        Assert.NotEqual(last.ValidationScores, averaged.ValidationScores);
    }

    [Fact]
    public void Train_FlipAverage_ScoresAreTheMeanOfImageAndMirror()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 1, Seed = 4, FlipAverage = true };
        DatasetSplit split = Small(fixture.Split);

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, split);

        using torch.Tensor images = fixture.Data.Images.index_select(0, torch.tensor(split.Validation.Select(i => (long)i).ToArray()));
        using torch.Tensor mirrored = images.flip(3);
        float[][] plain = ModelScoring.Predict(result.Model, images);
        float[][] mirror = ModelScoring.Predict(result.Model, mirrored);
        for (int i = 0; i < plain.Length; i++)
        {
            for (int l = 0; l < plain[i].Length; l++)
            {
                Assert.Equal((plain[i][l] + mirror[i][l]) / 2, result.ValidationScores[i][l], 5);
            }
        }
    }

    [Fact]
    public void Train_ReferenceArchitecture_TrainsTheReferenceNetwork()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 1, Seed = 5, Network = NetworkOptions.Default with { Architecture = NetworkArchitecture.Reference } };

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split));

        Assert.IsType<ReferenceCnn>(result.Model);
    }

    [Fact]
    public void Train_PackedEnsemble_EveryMemberLearnsOnItsOwn()
    {
        // Each member is trained against the targets, not only through the average: alone, each must classify too.
        var options = new TrainingOptions { BatchSize = 16, Epochs = 12, Seed = 1, Network = NetworkOptions.Default with { Widths = [16, 32, 64, 128], Members = 2 } };

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, fixture.Split);

        LabelDecider decider = LabelDecider.GroupArgmax(fixture.Data.Schema);
        MultiLabelMetrics ensemble = ModelScoring.Measure(decider, result.TestTargets, result.TestScores);
        using torch.Tensor images = fixture.Data.Images.index_select(0, torch.tensor(fixture.Split.Test.Select(i => (long)i).ToArray()));
        using torch.Tensor members = MemberScores(result.Model, images);
        double[] memberF1 = [.. Enumerable.Range(0, 2).Select(m => ModelScoring.Measure(decider, result.TestTargets, Rows(members[m])).Macro.F1)];
        output.WriteLine($"ensemble macro {ensemble.Macro.F1:F3}; members {string.Join(", ", memberF1.Select(f => f.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Equal(2, ((GlobalPoolCnn)result.Model).Members);
        Assert.True(ensemble.Macro.F1 >= 0.9, $"ensemble test macro-F1 {ensemble.Macro.F1:F3} is below 0.9");
        Assert.All(memberF1, f => Assert.True(f >= 0.85, $"a member alone scores macro-F1 {f:F3}"));
    }

    [Fact]
    public void Train_SeveralEpochs_LiveTensorCountDoesNotGrow()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 5, Seed = 4, AverageDecay = 0.99 };
        var liveTensors = new List<long>();
        var progress = new RecordingProgress(_ => liveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split), progress);

        output.WriteLine(string.Join(", ", liveTensors));
        Assert.Equal(5, liveTensors.Count);
        Assert.True(liveTensors[^1] <= liveTensors[1], $"live tensors grew across epochs: {string.Join(", ", liveTensors)}");
    }

    [Fact]
    public void Train_StepProgress_ReportsEveryBatchUpToTheEpochsImageCount()
    {
        var options = new TrainingOptions { BatchSize = 20, Epochs = 2, Seed = 5 };
        var steps = new StepRecorder();

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, Small(fixture.Split), stepProgress: steps);

        // 48 training images in batches of 20: 20, 40, 48 in each of the two epochs.
        Assert.Equal([(1, 20L), (1, 40L), (1, 48L), (2, 20L), (2, 40L), (2, 48L)], steps.Reported.Select(s => (s.Epoch, s.ImagesDone)));
        Assert.All(steps.Reported, s => Assert.Equal(48, s.ImagesTotal));
        Assert.All(steps.Reported, s => Assert.True(s.RunningLoss > 0 && double.IsFinite(s.RunningLoss)));
        Assert.Equal(result.History[0].TrainLoss, steps.Reported[2].RunningLoss, 6);
    }

    [Fact]
    public void Train_FourStepsInAll_KeepsTheRateFinite()
    {
        // 16 images in batches of 8 for 2 epochs: a quarter of 4 steps would leave the warm-up no length at all.
        var options = new TrainingOptions { BatchSize = 8, Epochs = 2, Seed = 7 };
        DatasetSplit split = fixture.Split with { Train = fixture.Split.Train[..16] };

        using TrainingResult result = new ModelTrainer(options).Train(fixture.Data, split);

        Assert.All(result.History, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.LearningRate), $"epoch {e.Epoch}: loss {e.TrainLoss}, rate {e.LearningRate}"));
    }

    [Fact]
    public void Train_FewerThanThreeSteps_FailsWithAClearMessage()
    {
        var options = new TrainingOptions { BatchSize = 16, Epochs = 2, Seed = 7 };
        DatasetSplit split = fixture.Split with { Train = fixture.Split.Train[..16] };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ModelTrainer(options).Train(fixture.Data, split));

        Assert.Contains("at least 3 optimiser steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new ModelTrainer(new TrainingOptions { Epochs = 1 }).Train(fixture.Data, fixture.Split, cancellationToken: cancellation.Token));
    }

    /// <summary>A few batches' worth of the split, for tests about mechanics rather than learning.</summary>
    private static DatasetSplit Small(DatasetSplit split) => split with { Train = split.Train[..48], Validation = split.Validation[..20], Test = split.Test[..10] };

    private static torch.Tensor MemberScores(ApparelNetwork model, torch.Tensor images)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using torch.Tensor logits = model.MemberLogits(images);
        return logits.sigmoid();
    }

    private static float[][] Rows(torch.Tensor scores)
    {
        using (scores)
        {
            float[] values = scores.contiguous().data<float>().ToArray();
            int labels = (int)scores.shape[1];
            return [.. values.Chunk(labels)];
        }
    }

    private static float FirstWeight(ApparelNetwork model)
    {
        using torch.Tensor first = model.parameters().First().flatten()[0];
        return first.item<float>();
    }

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
