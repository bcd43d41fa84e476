using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FashionServerless.Trainer.Model;

/// <summary>
/// The reference study's network: three Conv(3x3, same)/ReLU/MaxPool(2)/BatchNorm blocks with 32, 64 and 128 filters,
/// Flatten, Dense 128, ReLU, Dropout 0.5, Dense(labels). It returns logits; the exported ONNX graph adds the sigmoid.
/// Layers live in two <see cref="Sequential"/> containers so the ONNX exporter can walk them in order.
/// </summary>
internal sealed class ReferenceCnn : ApparelNetwork
{
    private readonly Sequential _features;
    private readonly Sequential _classifier;

    public ReferenceCnn(int labelCount, int inputSize = 96) : base(nameof(ReferenceCnn), labelCount, inputSize)
    {
        if (inputSize % 8 != 0)
        {
            throw new ArgumentException($"The input size must be a multiple of 8 (three 2x2 poolings); got {inputSize}.", nameof(inputSize));
        }

        _features = Sequential(
            ("conv1", Conv2d(3, 32, 3, padding: 1)), ("relu1", ReLU()), ("pool1", MaxPool2d(2)), ("bn1", BatchNorm2d(32)),
            ("conv2", Conv2d(32, 64, 3, padding: 1)), ("relu2", ReLU()), ("pool2", MaxPool2d(2)), ("bn2", BatchNorm2d(64)),
            ("conv3", Conv2d(64, 128, 3, padding: 1)), ("relu3", ReLU()), ("pool3", MaxPool2d(2)), ("bn3", BatchNorm2d(128)));
        int side = inputSize / 8;
        _classifier = Sequential(
            ("flatten", Flatten()),
            ("fc1", Linear(128 * side * side, 128)), ("relu4", ReLU()), ("dropout", Dropout(0.5)),
            ("fc2", Linear(128, labelCount)));
        RegisterComponents();
    }

    public override NetworkArchitecture Architecture => NetworkArchitecture.Reference;

    /// <summary>The layers in execution order, for export: features then classifier.</summary>
    public override IEnumerable<(string Name, Module Layer)> Layers =>
        _features.named_children().Concat(_classifier.named_children()).Select(c => (c.name, (Module)c.module));

    public override Tensor forward(Tensor input)
    {
        using Tensor features = _features.forward(input);
        return _classifier.forward(features);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _features.Dispose();
            _classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
