using FashionServerless.Trainer.Model;
using FashionServerless.Trainer.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Images per second of the trainer's own <see cref="OptimisationStep"/> on <see cref="ReferenceCnn"/> with the default
/// augmentation and learning rate. Rows are drawn with replacement so a batch may be larger than the image set.
/// </summary>
internal static class TrainingStepBenchmark
{
    private const int Seed = 42;

    public static BenchmarkFigure Run(BenchmarkImageSet images, int inputSize, int batchSize, OperationTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(timer);
        int labels = images.Schema.Count;
        var options = new TrainingOptions();
        torch.set_num_threads(Environment.ProcessorCount);
        torch.random.manual_seed(Seed);
        using var model = new ReferenceCnn(labels, inputSize);
        model.train();
        using Adam optimizer = optim.Adam(model.parameters(), lr: options.LearningRate);
        using var lossFunction = nn.BCEWithLogitsLoss();
        using var augmenter = new BatchAugmenter(AugmentationOptions.Default, Seed + 1L);
        using var sampler = new Generator(unchecked((ulong)Seed));
        using Tensor pixels = tensor(images.Pixels, [images.Count, 3, inputSize, inputSize]);
        using Tensor targets = tensor(images.Targets(), [images.Count, labels]);

        TimedOperations timed = timer.Run(step =>
        {
            using DisposeScope scope = NewDisposeScope();
            Tensor rows = randint(0, images.Count, [batchSize], dtype: ScalarType.Int64, generator: sampler);
            Tensor loss = OptimisationStep.Run(model, optimizer, lossFunction, augmenter, pixels, targets, rows);
            // Reading the loss waits for the step to finish, as the trainer's loss sum does.
            _ = loss.item<float>();
        }, cancellationToken);
        return BenchmarkFigure.FromTimed($"training step batch {batchSize}", "step", batchSize, timed,
            $"ReferenceCnn {inputSize}x{inputSize} forward+backward+Adam, augmentation on, {Environment.ProcessorCount} torch threads");
    }
}
