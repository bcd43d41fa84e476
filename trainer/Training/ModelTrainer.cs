using System.Diagnostics;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// Trains a network on a loaded image set: AdamW on binary cross-entropy with logits, batches augmented on the fly, a
/// one-cycle learning rate stepped every batch for a fixed number of epochs, optionally an average of the weights.
/// A validation split, when the run has one, is only watched (curves in the report); nothing is chosen on it, so the
/// shipped model can train on every image. Afterwards it scores the validation and test splits.
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
            throw new ArgumentException($"The networks need square input; the preprocessing gives {data.Spec.Width}x{data.Spec.Height}.", nameof(data));
        }

        if (split.Train.Length < 2)
        {
            throw new ArgumentException($"Training needs at least two training images; the split has {split.Train.Length}.", nameof(split));
        }

        var clock = Stopwatch.StartNew();
        torch.set_num_threads(_options.Threads ?? Environment.ProcessorCount);
        Device device = TrainingDevice.Resolve(_options.Device);
        torch.manual_seed(_options.Seed);
        ApparelNetwork model = _options.Network.Create(data.Schema.Count, data.Spec.Width);
        try
        {
            model.to(device);
            // On an accelerator the whole (small) image cache moves once rather than every batch.
            Tensor images = device.type == DeviceType.CPU ? data.Images : data.Images.to(device);
            Tensor targets = device.type == DeviceType.CPU ? data.Targets : data.Targets.to(device);
            try
            {
                var decider = LabelDecider.GroupArgmax(data.Schema);
                List<EpochMetrics> history = RunEpochs(model, decider, images, targets, data.ClassOfImage, split, progress, stepProgress,
                    out float[][]? lastStepHeldOutScores, cancellationToken);
                float[][] validationScores = ModelScoring.Evaluate(model, images, targets, split.Validation, _options.EvaluationBatchSize, _options.FlipAverage).Scores;
                float[][] testScores = ModelScoring.Evaluate(model, images, targets, split.Test, _options.EvaluationBatchSize, _options.FlipAverage).Scores;
                return new TrainingResult
                {
                    Model = model,
                    History = history,
                    ValidationScores = validationScores,
                    ValidationTargets = Rows(data.Targets, split.Validation),
                    TestScores = testScores,
                    TestTargets = Rows(data.Targets, split.Test),
                    LastStepHeldOutScores = lastStepHeldOutScores,
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

    private List<EpochMetrics> RunEpochs(
        ApparelNetwork model, LabelDecider decider, Tensor images, Tensor targets, IReadOnlyList<int> classOfImage, DatasetSplit split,
        IProgress<EpochMetrics>? progress, IProgress<TrainingStep>? stepProgress, out float[][]? lastStepHeldOutScores, CancellationToken cancellationToken)
    {
        lastStepHeldOutScores = null;
        var sampler = new EpochSampler(split.Train, classOfImage, _options.ClassBalance, _options.BatchSize, _options.Seed, images.device);
        int totalSteps = sampler.BatchesPerEpoch * _options.Epochs;
        if (ScheduleProblem(split.Train.Length) is string problem)
        {
            throw new ArgumentException(problem, nameof(split));
        }

        // The warm-up phase must span at least two steps (the schedule divides by its length less one) and leave one to anneal.
        double warmup = Math.Clamp(_options.WarmupFraction, 2.0 / totalSteps, (totalSteps - 1.0) / totalSteps);
        using var optimizer = optim.AdamW(model.parameters(), lr: _options.LearningRate, weight_decay: _options.WeightDecay);
        optim.lr_scheduler.LRScheduler schedule = optim.lr_scheduler.OneCycleLR(optimizer, _options.LearningRate, total_steps: totalSteps, pct_start: warmup);
        using var augmenter = new BatchAugmenter(_options.Augmentation, _options.Seed + 1L);
        using WeightAverage? average = _options.AverageDecay > 0 ? new WeightAverage(model, _options.AverageDecay) : null;
        using BatchMixer? mixer = _options.MixupAlpha > 0 ? new BatchMixer(_options.MixupAlpha, _options.Seed + 2L) : null;
        var step = new OptimisationStep(model, optimizer, schedule, augmenter, _options.LabelSmoothing, mixer);
        float[][] validationTargets = Rows(targets, split.Validation);
        var history = new List<EpochMetrics>();
        var run = Stopwatch.StartNew();
        try
        {
            for (int epoch = 1; epoch <= _options.Epochs; epoch++)
            {
                // Whatever an epoch creates and does not keep explicitly is released when it ends.
                using DisposeScope epochScope = NewDisposeScope();
                var epochClock = Stopwatch.StartNew();
                model.train();
                double lossSum = 0;
                long seen = 0;
                foreach (Tensor rows in sampler.NextEpoch())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using DisposeScope scope = NewDisposeScope();
                    long length = rows.shape[0];
                    lossSum += step.Run(images, targets, rows).item<float>() * length;
                    average?.Update();
                    seen += length;
                    stepProgress?.Report(new TrainingStep(epoch, _options.Epochs, seen, sampler.ImagesPerEpoch, lossSum / seen));
                }

                double trainSeconds = epochClock.Elapsed.TotalSeconds;
                ValidationFigures? validation = split.Validation.Length == 0 ? null : Validate(model, average, decider, images, targets, split, validationTargets);
                TimeSpan remaining = run.Elapsed / epoch * (_options.Epochs - epoch);
                var metrics = new EpochMetrics(epoch, _options.Epochs, lossSum / seen, validation, schedule.get_last_lr().First(),
                    seen / Math.Max(trainSeconds, 1e-9), epochClock.Elapsed, remaining);
                history.Add(metrics);
                progress?.Report(metrics);
            }

            if (average is not null)
            {
                // The average never steers training, so the last step's weights show what averaging adds: score the held-out rows with them first.
                int[] heldOut = split.Test.Length > 0 ? split.Test : split.Validation;
                lastStepHeldOutScores = ModelScoring.Evaluate(model, images, targets, heldOut, _options.EvaluationBatchSize, _options.FlipAverage).Scores;
                average.CopyTo();
            }

            model.eval();
            return history;
        }
        finally
        {
            sampler.Dispose();
        }
    }

    /// <summary>Why <paramref name="trainingImages"/> images cannot fill a one-cycle schedule with these options, or null when they can.</summary>
    public string? ScheduleProblem(int trainingImages)
    {
        int steps = EpochSampler.BatchesFor(trainingImages, _options.BatchSize) * _options.Epochs;
        return steps >= 3
            ? null
            : $"A one-cycle schedule needs at least 3 optimiser steps; {trainingImages} training images in batches of {_options.BatchSize} for {_options.Epochs} epochs give {steps}. Use more epochs or a smaller batch.";
    }

    /// <summary>The validation figures of the weights that would ship now (the average, when one is kept).</summary>
    private ValidationFigures Validate(ApparelNetwork model, WeightAverage? average, LabelDecider decider, Tensor images, Tensor targets, DatasetSplit split, float[][] validationTargets)
    {
        Dictionary<string, Tensor>? live = null;
        if (average is not null)
        {
            live = Snapshot(model);
            average.CopyTo();
        }

        try
        {
            (double loss, float[][] scores) = ModelScoring.Evaluate(model, images, targets, split.Validation, _options.EvaluationBatchSize, _options.FlipAverage);
            MultiLabelMetrics figures = ModelScoring.Measure(decider, validationTargets, scores);
            return new ValidationFigures(loss, figures.Micro.F1, figures.Macro.F1, figures.ExactMatch ?? double.NaN);
        }
        finally
        {
            if (live is not null)
            {
                model.load_state_dict(live);
                foreach (Tensor tensor in live.Values)
                {
                    tensor.Dispose();
                }
            }
        }
    }

    /// <summary>Copies of every parameter and buffer, owned by the caller rather than the epoch's scope.</summary>
    private static Dictionary<string, Tensor> Snapshot(ApparelNetwork model)
    {
        using var noGrad = no_grad();
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone().DetachFromDisposeScope(), StringComparer.Ordinal);
    }

    /// <summary>The given rows of a <c>[N,L]</c> tensor as jagged arrays.</summary>
    private static float[][] Rows(Tensor values, int[] rows)
    {
        if (rows.Length == 0)
        {
            return [];
        }

        using Tensor index = tensor(rows.Select(r => (long)r).ToArray(), device: values.device);
        using Tensor selected = values.index_select(0, index).cpu();
        float[] flat = selected.data<float>().ToArray();
        int width = (int)values.shape[1];
        return [.. Enumerable.Range(0, rows.Length).Select(i => flat.AsSpan(i * width, width).ToArray())];
    }
}
