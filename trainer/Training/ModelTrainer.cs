using System.Diagnostics;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// Trains the reference network on a loaded image set: Adam on binary cross-entropy with logits, batches augmented on
/// the fly, early stopping with the best weights restored, and the learning rate reduced on plateaus. Afterwards it
/// picks per-label thresholds on the validation split and scores the test split.
/// </summary>
internal sealed class ModelTrainer
{
    private readonly TrainingOptions _options;

    public ModelTrainer(TrainingOptions? options = null)
    {
        _options = options ?? TrainingOptions.Default;
        _options.Validate();
    }

    /// <summary>Trains on <paramref name="split"/>'s rows of <paramref name="data"/>, reporting each epoch as it ends.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; checked between batches.</exception>
    public TrainingResult Train(
        LabelledImageSet data, DatasetSplit split, IProgress<EpochMetrics>? progress = null, IProgress<TrainingStep>? stepProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        if (data.Spec.Width != data.Spec.Height)
        {
            throw new ArgumentException($"The reference network needs square input; the preprocessing gives {data.Spec.Width}x{data.Spec.Height}.", nameof(data));
        }

        if (split.Train.Length == 0 || split.Validation.Length == 0)
        {
            throw new ArgumentException("Training needs non-empty train and validation splits.", nameof(split));
        }

        var clock = Stopwatch.StartNew();
        torch.set_num_threads(_options.Threads ?? Environment.ProcessorCount);
        Device device = TrainingDevice.Resolve(_options.Device);
        torch.manual_seed(_options.Seed);
        var model = new ReferenceCnn(data.Schema.Count, data.Spec.Width);
        try
        {
            model.to(device);
            // On an accelerator the whole (small) image cache moves once rather than every batch.
            Tensor images = device.type == DeviceType.CPU ? data.Images : data.Images.to(device);
            Tensor targets = device.type == DeviceType.CPU ? data.Targets : data.Targets.to(device);
            try
            {
                (List<EpochMetrics> history, int bestEpoch, bool stoppedEarly) = RunEpochs(model, data.Schema, images, targets, split, progress, stepProgress, cancellationToken);
                (_, float[][] validationScores) = ModelScoring.Evaluate(model, images, targets, split.Validation, _options.EvaluationBatchSize);
                float[][] validationTargets = Rows(data.Targets, split.Validation);
                (_, float[][] testScores) = ModelScoring.Evaluate(model, images, targets, split.Test, _options.EvaluationBatchSize);
                return new TrainingResult
                {
                    Model = model,
                    History = history,
                    BestEpoch = bestEpoch,
                    StoppedEarly = stoppedEarly,
                    Thresholds = ThresholdSelector.Select(validationScores, validationTargets, data.Schema.Count),
                    ValidationScores = validationScores,
                    ValidationTargets = validationTargets,
                    TestScores = testScores,
                    TestTargets = Rows(data.Targets, split.Test),
                    Device = device.ToString(),
                    Duration = clock.Elapsed,
                };
            }
            finally
            {
                if (!ReferenceEquals(images, data.Images))
                {
                    images.Dispose();
                    targets.Dispose();
                }
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private (List<EpochMetrics> History, int BestEpoch, bool StoppedEarly) RunEpochs(
        ReferenceCnn model, LabelSchema schema, Tensor images, Tensor targets, DatasetSplit split, IProgress<EpochMetrics>? progress,
        IProgress<TrainingStep>? stepProgress, CancellationToken cancellationToken)
    {
        using Adam optimizer = optim.Adam(model.parameters(), lr: _options.LearningRate);
        using var lossFunction = nn.BCEWithLogitsLoss();
        using var shuffle = new Generator(unchecked((ulong)_options.Seed));
        using var augmenter = new BatchAugmenter(_options.Augmentation, _options.Seed + 1L);
        using Tensor trainRows = tensor(split.Train.Select(r => (long)r).ToArray(), device: images.device);
        var stopping = new EarlyStopping(_options.EarlyStoppingPatience, _options.EarlyStoppingMinDelta);
        var plateau = new PlateauLearningRate(_options.LearningRate, _options.PlateauFactor, _options.PlateauPatience, _options.MinLearningRate, _options.PlateauMinDelta);
        float[][] validationTargets = Rows(targets, split.Validation);
        var history = new List<EpochMetrics>();
        Dictionary<string, Tensor>? bestWeights = null;
        var run = Stopwatch.StartNew();
        try
        {
            for (int epoch = 1; epoch <= _options.MaxEpochs; epoch++)
            {
                // Whatever an epoch creates and does not keep explicitly is released when it ends.
                using DisposeScope epochScope = NewDisposeScope();
                var epochClock = Stopwatch.StartNew();
                double learningRate = plateau.Current;
                double trainLoss = TrainOneEpoch(model, optimizer, lossFunction, augmenter, images, targets, trainRows, shuffle, epoch, stepProgress, cancellationToken);
                double trainSeconds = epochClock.Elapsed.TotalSeconds;
                (double validationLoss, float[][] validationScores) = ModelScoring.Evaluate(model, images, targets, split.Validation, _options.EvaluationBatchSize);
                MultiLabelMetrics validation = ModelScoring.Measure(schema, validationTargets, validationScores);

                bool watched = epoch > _options.WarmupEpochs;
                bool isBest = watched && stopping.Observe(epoch, validationLoss);
                if (isBest)
                {
                    DisposeAll(bestWeights);
                    bestWeights = Snapshot(model);
                }

                if (watched)
                {
                    double nextRate = plateau.Observe(validationLoss);
                    foreach (ParamGroup group in optimizer.ParamGroups)
                    {
                        group.LearningRate = nextRate;
                    }
                }

                TimeSpan remaining = run.Elapsed / epoch * (_options.MaxEpochs - epoch);
                var metrics = new EpochMetrics(epoch, _options.MaxEpochs, trainLoss, validationLoss, validation.Micro.F1, validation.Macro.F1, learningRate,
                    split.Train.Length / Math.Max(trainSeconds, 1e-9), epochClock.Elapsed, remaining, isBest);
                history.Add(metrics);
                progress?.Report(metrics);
                if (stopping.ShouldStop && epoch < _options.MaxEpochs)
                {
                    Restore(model, bestWeights);
                    return (history, stopping.BestEpoch, true);
                }
            }

            // A run no longer than its warm-up has no watched epoch, so it keeps its final weights.
            Restore(model, bestWeights);
            return (history, bestWeights is null ? history.Count : stopping.BestEpoch, false);
        }
        finally
        {
            DisposeAll(bestWeights);
        }
    }

    private double TrainOneEpoch(
        ReferenceCnn model, Adam optimizer, BCEWithLogitsLoss lossFunction, BatchAugmenter augmenter,
        Tensor images, Tensor targets, Tensor trainRows, Generator shuffle, int epoch, IProgress<TrainingStep>? stepProgress,
        CancellationToken cancellationToken)
    {
        model.train();
        long count = trainRows.shape[0];
        double lossSum = 0;
        Tensor order = randperm(count, generator: shuffle).to(trainRows.device);
        for (long start = 0; start < count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using DisposeScope scope = NewDisposeScope();
            long length = Math.Min(_options.BatchSize, count - start);
            Tensor rows = trainRows.index_select(0, order.narrow(0, start, length));
            Tensor loss = OptimisationStep.Run(model, optimizer, lossFunction, augmenter, images, targets, rows);
            lossSum += loss.item<float>() * length;
            stepProgress?.Report(new TrainingStep(epoch, _options.MaxEpochs, start + length, count, lossSum / (start + length)));
        }

        return lossSum / count;
    }

    /// <summary>Copies of every parameter and buffer (BatchNorm running statistics too), owned by the caller rather than the epoch's scope.</summary>
    private static Dictionary<string, Tensor> Snapshot(ReferenceCnn model)
    {
        using var noGrad = no_grad();
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone().DetachFromDisposeScope(), StringComparer.Ordinal);
    }

    private static void Restore(ReferenceCnn model, Dictionary<string, Tensor>? weights)
    {
        if (weights is not null)
        {
            model.load_state_dict(weights);
        }

        model.eval();
    }

    private static void DisposeAll(Dictionary<string, Tensor>? weights)
    {
        foreach (Tensor tensor in weights?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }

    /// <summary>The given rows of a <c>[N,L]</c> tensor as jagged arrays.</summary>
    private static float[][] Rows(Tensor values, int[] rows)
    {
        using Tensor index = tensor(rows.Select(r => (long)r).ToArray(), device: values.device);
        using Tensor selected = values.index_select(0, index).cpu();
        float[] flat = selected.data<float>().ToArray();
        int width = (int)values.shape[1];
        return [.. Enumerable.Range(0, rows.Length).Select(i => flat.AsSpan(i * width, width).ToArray())];
    }
}
