using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Model;

public sealed class EnsembleHeadTests
{
    [Fact]
    public void MemberLogits_ThreeMembers_EachReadsOnlyItsOwnBlockOfFeatures()
    {
        using EnsembleHead head = Seeded(11, members: 3, featuresPerMember: 4, labelCount: 5);
        using DisposeScope scope = NewDisposeScope();
        Tensor features = randn(2, 12);
        Tensor changed = features.clone();
        using (no_grad())
        {
            // Only the second member's features move.
            changed[.., 4..8] = randn(2, 4);
        }

        Tensor before = head.MemberLogits(features);
        Tensor after = head.MemberLogits(changed);

        Assert.Equal([3L, 2, 5], before.shape);
        Assert.True(before[0].allclose(after[0], rtol: 0, atol: 0));
        Assert.True(before[2].allclose(after[2], rtol: 0, atol: 0));
        Assert.False(before[1].allclose(after[1]));
    }

    [Fact]
    public void MemberLogits_AnyMember_IsThatMembersOwnLinearLayer()
    {
        using EnsembleHead head = Seeded(12, members: 2, featuresPerMember: 3, labelCount: 4);
        using DisposeScope scope = NewDisposeScope();
        Tensor features = randn(5, 6);

        Tensor logits = head.MemberLogits(features);

        Tensor expected = features[.., 3..6].matmul(head.Weight[1].t()) + head.Bias[1];
        Assert.True(logits[1].allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void AveragedLinear_AnyFeatures_EqualsTheMeanOfTheMembersLogits()
    {
        using EnsembleHead head = Seeded(13, members: 3, featuresPerMember: 4, labelCount: 5);
        using DisposeScope scope = NewDisposeScope();
        Tensor features = randn(6, 12);

        (Tensor weight, Tensor bias) = head.AveragedLinear();

        Tensor merged = features.matmul(weight.t()) + bias;
        Assert.Equal([5L, 12], weight.shape);
        Assert.True(merged.allclose(head.MemberLogits(features).mean([0]), rtol: 0, atol: 1e-5));
        Assert.True(merged.allclose(head.call(features), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Parameters_TwoMembers_RegisteredOnceUnderWeightAndBias()
    {
        using var head = new EnsembleHead(members: 2, featuresPerMember: 8, labelCount: 7);

        Assert.Equal(["weight", "bias"], head.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Constructor_OneMember_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnsembleHead(members: 1, featuresPerMember: 8, labelCount: 7));

    private static EnsembleHead Seeded(int seed, int members, int featuresPerMember, int labelCount)
    {
        torch.random.manual_seed(seed);
        return new EnsembleHead(members, featuresPerMember, labelCount);
    }
}
