using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Model;

public sealed class ChannelsLastLayoutTests
{
    [Fact]
    public void ToChannelsLast_NchwBatch_KeepsShapeAndValuesInChannelsLastOrder()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor batch = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);

        Tensor reordered = ChannelsLastLayout.ToChannelsLast(batch);

        Assert.Equal(batch.shape, reordered.shape);
        Assert.True(batch.eq(reordered).all().item<bool>());
        Assert.False(IsChannelsLast(batch));
        Assert.True(IsChannelsLast(reordered));
        Assert.Equal([60L, 1L, 15L, 3L], reordered.stride());
    }

    [Fact]
    public void ToChannelsLast_NotAnImageBatch_ReturnsItUnchanged()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor scores = rand(4, 7);

        Assert.Same(scores, ChannelsLastLayout.ToChannelsLast(scores));
    }

    [Fact]
    public void Conv2d_ChannelsLastInput_KeepsTheOrderForTheNextLayer()
    {
        // The speed-up depends on libtorch carrying the order through the network instead of converting back.
        using DisposeScope scope = NewDisposeScope();
        using var conv = nn.Conv2d(3, 8, 3, padding: 1, bias: false);

        Tensor output = conv.forward(ChannelsLastLayout.ToChannelsLast(rand(2, 3, 16, 16)));

        Assert.True(IsChannelsLast(output));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardBackward_ChannelsLastBatch_MatchesTheDefaultOrder(bool referenceNetwork)
    {
        using DisposeScope scope = NewDisposeScope();
        torch.manual_seed(5);
        using ApparelNetwork model = new NetworkOptions { Architecture = referenceNetwork ? NetworkArchitecture.Reference : NetworkArchitecture.GlobalPool }.Create(labelCount: 7, inputSize: 32);
        model.eval();
        Tensor batch = rand(4, 3, 32, 32);

        (Tensor logits, Tensor[] gradients) = LogitsAndGradients(model, batch);
        (Tensor reorderedLogits, Tensor[] reorderedGradients) = LogitsAndGradients(model, ChannelsLastLayout.ToChannelsLast(batch));

        Assert.True(allclose(logits, reorderedLogits, rtol: 1e-4, atol: 1e-5));
        Assert.All(gradients.Zip(reorderedGradients), pair => Assert.True(allclose(pair.First, pair.Second, rtol: 1e-3, atol: 1e-5)));
    }

    private static (Tensor Logits, Tensor[] Gradients) LogitsAndGradients(ApparelNetwork model, Tensor batch)
    {
        model.zero_grad();
        Tensor logits = model.forward(batch);
        logits.sum().backward();
        return (logits.detach().clone(), [.. model.parameters().Select(p => p.grad!.clone())]);
    }

    /// <summary>Whether the strides are channels-last: channels the densest dimension, then width, height, batch.</summary>
    private static bool IsChannelsLast(Tensor batch)
    {
        long[] shape = batch.shape, strides = batch.stride();
        return batch.dim() == 4 && strides[1] == 1 && strides[3] == shape[1] && strides[2] == shape[1] * shape[3]
            && strides[0] == shape[1] * shape[2] * shape[3];
    }
}
