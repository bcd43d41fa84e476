using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FashionServerless.Trainer.Model;

/// <summary>
/// The mean of each channel over height and width, <c>[N,C,H,W]</c> to <c>[N,C]</c>: ONNX's <c>GlobalAveragePool</c>
/// followed by a flatten. A layer of its own (rather than a pooling module and a Flatten) so the exporter translates
/// exactly what runs.
/// </summary>
internal sealed class GlobalAveragePooling() : Module<Tensor, Tensor>(nameof(GlobalAveragePooling))
{
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.mean([2L, 3L]);
    }
}
