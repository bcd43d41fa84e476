using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Export;

/// <summary>Small networks for export tests: 32x32 input keeps every forward pass cheap.</summary>
internal static class ExportTestModels
{
    public const int InputSize = 32;
    public const int Labels = 7;

    public static ReferenceCnn Untrained(int seed)
    {
        torch.random.manual_seed(seed);
        return new ReferenceCnn(Labels, InputSize);
    }

    /// <summary>A few SGD steps on random data in train mode, so BatchNorm running statistics move away from 0 and 1.</summary>
    public static ReferenceCnn Trained(int seed, int steps = 4) => TrainBriefly(Untrained(seed), steps);

    /// <summary>A briefly trained <see cref="GlobalPoolCnn"/> (two blocks of two convolutions, so every layer kind it uses appears).</summary>
    public static GlobalPoolCnn TrainedGlobalPool(int seed, int steps = 4)
    {
        torch.random.manual_seed(seed);
        return TrainBriefly(new GlobalPoolCnn(Labels, InputSize, [8, 16], convolutionsPerBlock: 2), steps);
    }

    public static T TrainBriefly<T>(T model, int steps) where T : ApparelNetwork
    {
        model.train();
        using var optimizer = optim.SGD(model.parameters(), learningRate: 0.05);
        using var loss = nn.BCEWithLogitsLoss();
        for (int step = 0; step < steps; step++)
        {
            using DisposeScope scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor input = rand(16, 3, InputSize, InputSize) * 2;
            Tensor target = randint(0, 2, [16, Labels]).to(ScalarType.Float32);
            loss.call(model.call(input), target).backward();
            optimizer.step();
        }

        model.eval();
        return model;
    }
}
