using FashionServerless.Trainer.Model;
using FashionServerless.Trainer.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Images per second of the trainer's own <see cref="OptimisationStep"/> on the default network with the default
/// augmentation, optimiser and schedule. Rows are drawn with replacement so a batch may be larger than the image set.
/// </summary>
internal static class TrainingStepBenchmark
{
    private const int Seed = 42;

    public static BenchmarkFigure Run(BenchmarkImageSet images, int inputSize, int batchSize, OperationTimer timer, CancellationToken cancellationToken) =>
        Run(images, inputSize, batchSize, TrainingOptions.Default.Network, timer, clock: null, cancellationToken);

    /// <summary>Times steps of <paramref name="network"/>; with a <paramref name="clock"/>, also each phase of the timed steps.</summary>
    public static BenchmarkFigure Run(BenchmarkImageSet images, int inputSize, int batchSize, NetworkOptions network, OperationTimer timer, StepPhaseClock? clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(timer);
        int labels = images.Schema.Count;
        TrainingOptions options = TrainingOptions.Default with { Network = network };
        torch.set_num_threads(Environment.ProcessorCount);
        torch.random.manual_seed(Seed);
        using ApparelNetwork model = options.Network.Create(labels, inputSize);
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
        optim.lr_scheduler.LRScheduler schedule = optim.lr_scheduler.OneCycleLR(optimizer, options.LearningRate, total_steps: 1_000_000);
        using var augmenter = new BatchAugmenter(AugmentationOptions.Default, Seed + 1L);
        var optimisation = new OptimisationStep(model, optimizer, schedule, augmenter, options.LabelSmoothing);
        using var sampler = new Generator(unchecked((ulong)Seed));
        using Tensor pixels = tensor(images.Pixels, [images.Count, 3, inputSize, inputSize]);
        using Tensor targets = tensor(images.Targets(), [images.Count, labels]);

        int calls = 0;
        TimedOperations timed = timer.Run(step =>
        {
            using DisposeScope scope = NewDisposeScope();
            Tensor rows = randint(0, images.Count, [batchSize], dtype: ScalarType.Int64, generator: sampler);
            Tensor loss = optimisation.Run(pixels, targets, rows, calls++ >= timer.WarmUpOperations ? clock : null);
            // Reading the loss waits for the step to finish, as the trainer's loss sum does.
            _ = loss.item<float>();
        }, cancellationToken);
        return BenchmarkFigure.FromTimed($"training step batch {batchSize}", "step", batchSize, timed,
            $"{options.Network.Describe()} {inputSize}x{inputSize} forward+backward+AdamW, augmentation on, {Environment.ProcessorCount} torch threads");
    }
}
