using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Model;

public sealed class ReferenceCnnTests
{
    // Proves the native TorchSharp library loads on this machine (build/TorchSharpGlibcxx.targets) and computes real
    // gradients: for y = sum(conv(x)) with a 1x1 kernel, dy/dw is the sum of the input and dy/db the number of outputs.
    [Fact]
    public void Conv2dForwardBackward_OnThisMachine_ComputesExactGradients()
    {
        using DisposeScope scope = NewDisposeScope();
        using var conv = nn.Conv2d(1, 1, 1);
        Tensor input = arange(1f, 10f).reshape(1, 1, 3, 3);

        Tensor output = conv.forward(input).sum();
        output.backward();

        Assert.Equal(45f, conv.weight!.grad!.item<float>(), 4);
        Assert.Equal(9f, conv.bias!.grad!.item<float>(), 4);
    }

    [Fact]
    public void Forward_ReferenceInput_ReturnsOneLogitPerLabel()
    {
        using DisposeScope scope = NewDisposeScope();
        torch.manual_seed(3);
        using var model = new ReferenceCnn(labelCount: 7);
        model.eval();

        Tensor logits = model.forward(rand(4, 3, 96, 96));

        Assert.Equal([4L, 7L], logits.shape);
        Assert.Equal(["conv1", "relu1", "pool1", "bn1", "conv2", "relu2", "pool2", "bn2", "conv3", "relu3", "pool3", "bn3",
            "flatten", "fc1", "relu4", "dropout", "fc2"], model.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Parameters_ReferenceArchitecture_HaveTheExpectedCount()
    {
        using var model = new ReferenceCnn(labelCount: 7);

        long count = model.parameters().Sum(p => p.numel());

        // Conv 3->32, 32->64, 64->128 (3x3 + bias), BN scale+shift, Dense 18432->128, Dense 128->7.
        long expected = (3 * 32 * 9 + 32) + (32 * 64 * 9 + 64) + (64 * 128 * 9 + 128) + 2 * (32 + 64 + 128)
            + (128 * 12 * 12 * 128 + 128) + (128 * 7 + 7);
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Constructor_InputSizeNotMultipleOfEight_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReferenceCnn(labelCount: 7, inputSize: 100));

        Assert.Contains("multiple of 8", error.Message, StringComparison.Ordinal);
    }
}
