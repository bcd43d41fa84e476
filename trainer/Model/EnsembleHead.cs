using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FashionServerless.Trainer.Model;

/// <summary>
/// The last layer of a packed ensemble: each member's linear layer reads only its own block of the pooled features.
/// Training scores every member against the targets on its own (<see cref="MemberLogits"/>), so the members stay
/// independent models that differ by their initialisation; inference averages their logits, which is one linear
/// layer over all the features (the exporter writes it as a single Gemm).
/// </summary>
internal sealed class EnsembleHead : Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;

    public EnsembleHead(int members, long featuresPerMember, long labelCount) : base(nameof(EnsembleHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 2);
        Members = members;
        FeaturesPerMember = featuresPerMember;
        LabelCount = labelCount;

        // The bound nn.Linear draws from, so each member starts as a plain linear layer would.
        double bound = 1 / Math.Sqrt(featuresPerMember);
        _weight = Parameter(init.uniform_(empty(members, labelCount, featuresPerMember), -bound, bound));
        _bias = Parameter(init.uniform_(empty(members, labelCount), -bound, bound));
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    public int Members { get; }

    public long FeaturesPerMember { get; }

    public long LabelCount { get; }

    /// <summary><c>[members, labels, featuresPerMember]</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary><c>[members, labels]</c>.</summary>
    public Parameter Bias => _bias;

    /// <summary>The average of the members' logits, <c>[N, labels]</c>.</summary>
    public override Tensor forward(Tensor features) => MemberLogits(features).mean([0]);

    /// <summary>Each member's logits from its own features, <c>[members, N, labels]</c>.</summary>
    public Tensor MemberLogits(Tensor features)
    {
        using var scope = NewDisposeScope();
        Tensor perMember = features.reshape(features.shape[0], Members, FeaturesPerMember);
        return (einsum("nmc,mlc->mnl", perMember, _weight) + _bias.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>One linear layer equal to the average of the members': weight <c>[labels, members x features]</c>, bias <c>[labels]</c>.</summary>
    public (Tensor Weight, Tensor Bias) AveragedLinear()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor merged = _weight.permute(1, 0, 2).reshape(LabelCount, Members * FeaturesPerMember) / Members;
        Tensor averaged = _bias.mean([0]);
        return (merged.contiguous().MoveToOuterDisposeScope(), averaged.MoveToOuterDisposeScope());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weight.Dispose();
            _bias.Dispose();
        }

        base.Dispose(disposing);
    }
}
