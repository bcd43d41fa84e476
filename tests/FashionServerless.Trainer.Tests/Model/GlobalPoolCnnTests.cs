using FashionServerless.Trainer.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Model;

public sealed class GlobalPoolCnnTests
{
    [Fact]
    public void MemberLogits_TwoMembers_ChangingOneMembersFiltersLeavesTheOtherUntouched()
    {
        using GlobalPoolCnn model = Evaluating(seed: 21, members: 2);
        using DisposeScope scope = NewDisposeScope();
        Tensor images = rand(3, 3, 32, 32);
        using var noGrad = no_grad();
        Tensor before = model.MemberLogits(images);

        // The first convolution's filters 4 to 7 are the second member's (the layer reads the colour channels for both).
        var first = (Conv2d)model.Layers.First().Layer;
        first.weight![4..8].add_(1);
        Tensor after = model.MemberLogits(images);

        Assert.Equal([2L, 3, 7], before.shape);
        Assert.True(before[0].allclose(after[0], rtol: 0, atol: 0), "the first member read the second member's channels");
        Assert.False(before[1].allclose(after[1]));
    }

    [Fact]
    public void Forward_TwoMembers_IsTheMeanOfTheMembersLogits()
    {
        using GlobalPoolCnn model = Evaluating(seed: 22, members: 2);
        using DisposeScope scope = NewDisposeScope();
        Tensor images = rand(3, 3, 32, 32);
        using var noGrad = no_grad();

        Assert.True(model.call(images).allclose(model.MemberLogits(images).mean([0]), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Constructor_TwoMembers_GroupsEveryConvolutionAfterTheFirst()
    {
        using var model = new GlobalPoolCnn(labelCount: 7, inputSize: 32, widths: [4, 8], convolutionsPerBlock: 2, members: 2);

        long[] groups = [.. model.Layers.Select(l => l.Layer).OfType<Conv2d>().Select(c => c.groups)];
        long[] outputs = [.. model.Layers.Select(l => l.Layer).OfType<Conv2d>().Select(c => c.out_channels)];

        Assert.Equal([1L, 2, 2, 2], groups);
        Assert.Equal([8L, 8, 16, 16], outputs);
        Assert.Equal("heads", model.Layers.Last().Name);
    }

    [Fact]
    public void MemberLogits_OneMember_IsTheForwardPassAsTheOnlyMember()
    {
        using GlobalPoolCnn model = Evaluating(seed: 23, members: 1);
        using DisposeScope scope = NewDisposeScope();
        Tensor images = rand(2, 3, 32, 32);
        using var noGrad = no_grad();

        Tensor members = model.MemberLogits(images);

        Assert.Equal([1L, 2, 7], members.shape);
        Assert.True(members[0].allclose(model.call(images), rtol: 0, atol: 0));
        Assert.IsType<Linear>(model.Layers.Last().Layer);
    }

    [Fact]
    public void Constructor_NoMembers_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GlobalPoolCnn(labelCount: 7, inputSize: 32, widths: [4, 8], members: 0));

    /// <summary>A small two-block network in evaluation mode, seeded so each test sees the same weights every run.</summary>
    private static GlobalPoolCnn Evaluating(int seed, int members)
    {
        torch.random.manual_seed(seed);
        var model = new GlobalPoolCnn(labelCount: 7, inputSize: 32, widths: [4, 8], members: members);
        model.eval();
        return model;
    }
}
