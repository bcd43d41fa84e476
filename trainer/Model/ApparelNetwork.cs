using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FashionServerless.Trainer.Model;

/// <summary>
/// A network the trainer can train and the ONNX exporter can write: it maps <c>[N,3,S,S]</c> images to one logit per
/// label, and lists its layers in execution order so the exporter can translate them one by one.
/// </summary>
internal abstract class ApparelNetwork : Module<Tensor, Tensor>
{
    protected ApparelNetwork(string name, int labelCount, int inputSize) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labelCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 8);
        LabelCount = labelCount;
        InputSize = inputSize;
    }

    public int LabelCount { get; }

    public int InputSize { get; }

    /// <summary>The architecture's name as the CLI and the manifest give it.</summary>
    public abstract NetworkArchitecture Architecture { get; }

    /// <summary>
    /// Each member's logits, <c>[members, N, labels]</c>, for a loss that trains every member on its own; a single
    /// network is one member.
    /// </summary>
    public virtual Tensor MemberLogits(Tensor input) => forward(input).unsqueeze(0);

    /// <summary>The layers in execution order, for export.</summary>
    public abstract IEnumerable<(string Name, Module Layer)> Layers { get; }
}
