using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FashionServerless.Trainer.Model;

/// <summary>
/// The default network: conv blocks of 3x3 convolutions, each block ending in MaxPool(2), BatchNorm and ReLU, then the
/// global average of each channel and one linear layer. With 32/64/128/256/256 filters it has about 1 M weights where the
/// reference network's dense layer alone has 2.4 M, so it fits 4,000 photos without memorising them, and it sees the
/// whole garment rather than fixed positions: the fifth block's 3x3 convolution on the 6x6 map relates the waistband to
/// the hem, which is the cue between shorts and pants (docs/experiments.md, row 14). Pooling comes before BatchNorm and
/// ReLU: max-pooling commutes with ReLU, so applying the element-wise layers to a quarter of the pixels computes the
/// same network shape for less. With several members it is a packed ensemble: independent networks that share each
/// layer's tensors (grouped convolutions keep them apart) and so train and run as one.
/// </summary>
internal sealed class GlobalPoolCnn : ApparelNetwork
{
    public static IReadOnlyList<int> DefaultWidths { get; } = [32, 64, 128, 256, 256];

    private readonly Sequential _layers;

    /// <param name="labelCount">Outputs (logits), one per label.</param>
    /// <param name="inputSize">Side of the square input; a multiple of 2^blocks.</param>
    /// <param name="widths">Filters per block; one block per entry.</param>
    /// <param name="convolutionsPerBlock">3x3 convolutions in each block before its pooling (1 or more).</param>
    /// <param name="dropout">Dropout before the linear layer (0 for none).</param>
    /// <param name="stridedStem">The first block is one stride-2 convolution: a quarter of the first layer's work and no full-size pooling.</param>
    /// <param name="members">
    /// Networks of these widths packed side by side (a packed ensemble): every layer holds each member's channels,
    /// convolutions after the first are grouped so a member only reads its own channels, and the last layer averages the
    /// members' logits. One member is the plain network.
    /// </param>
    public GlobalPoolCnn(int labelCount, int inputSize = 96, IReadOnlyList<int>? widths = null, int convolutionsPerBlock = 1, double dropout = 0.2, bool stridedStem = false, int members = 1)
        : base(nameof(GlobalPoolCnn), labelCount, inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        widths ??= DefaultWidths;
        if (widths.Count == 0 || widths.Any(w => w < 1))
        {
            throw new ArgumentException("At least one block with a positive number of filters is needed.", nameof(widths));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(convolutionsPerBlock, 1);
        if (dropout is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout must be in [0, 1).");
        }

        int reduction = 1 << widths.Count;
        if (inputSize % reduction != 0)
        {
            throw new ArgumentException($"The input size must be a multiple of {reduction} ({widths.Count} 2x2 poolings); got {inputSize}.", nameof(inputSize));
        }

        Widths = [.. widths];
        StridedStem = stridedStem;
        ConvolutionsPerBlock = convolutionsPerBlock;
        Dropout = dropout;
        Members = members;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long channels = 3;
        for (int block = 1; block <= widths.Count; block++)
        {
            long filters = (long)widths[block - 1] * members;
            if (block == 1 && stridedStem)
            {
                // Every member reads the same three colour channels, so the first convolution is never grouped.
                layers.Add(("stem", Conv2d(channels, filters, 3, stride: 2, padding: 1, bias: false)));
                layers.Add(("bn1", BatchNorm2d(filters)));
                layers.Add(("relu1", ReLU()));
                channels = filters;
                continue;
            }

            for (int conv = 1; conv <= convolutionsPerBlock; conv++)
            {
                string suffix = convolutionsPerBlock == 1 ? $"{block}" : $"{block}_{conv}";
                // BatchNorm follows every convolution, so a bias would be cancelled by its mean.
                long groups = channels == 3 ? 1 : members;
                layers.Add(($"conv{suffix}", Conv2d(channels, filters, 3, padding: 1, bias: false, groups: groups)));
                channels = filters;
                if (conv < convolutionsPerBlock)
                {
                    layers.Add(($"bn{suffix}", BatchNorm2d(filters)));
                    layers.Add(($"relu{suffix}", ReLU()));
                }
            }

            layers.Add(($"pool{block}", MaxPool2d(2)));
            layers.Add(($"bn{block}", BatchNorm2d(filters)));
            layers.Add(($"relu{block}", ReLU()));
        }

        layers.Add(("gap", new GlobalAveragePooling()));
        if (dropout > 0)
        {
            layers.Add(("dropout", nn.Dropout(dropout)));
        }

        if (members == 1)
        {
            layers.Add(("fc", Linear(channels, labelCount)));
        }
        else
        {
            layers.Add(("heads", new EnsembleHead(members, channels / members, labelCount)));
        }

        _layers = Sequential(layers);
        RegisterComponents();
    }

    public override NetworkArchitecture Architecture => NetworkArchitecture.GlobalPool;

    public IReadOnlyList<int> Widths { get; }

    public int ConvolutionsPerBlock { get; }

    public bool StridedStem { get; }

    public double Dropout { get; }

    /// <summary>Networks packed side by side; their logits are averaged.</summary>
    public int Members { get; }

    public override IEnumerable<(string Name, Module Layer)> Layers =>
        _layers.named_children().Select(c => (c.name, (Module)c.module));

    public override Tensor forward(Tensor input) => _layers.forward(input);

    public override Tensor MemberLogits(Tensor input)
    {
        // The head is found in the layer list rather than kept in a field, where RegisterComponents would register its
        // parameters a second time.
        List<Module<Tensor, Tensor>> layers = [.. _layers.children().Cast<Module<Tensor, Tensor>>()];
        if (layers[^1] is not EnsembleHead head)
        {
            return base.MemberLogits(input);
        }

        using var scope = NewDisposeScope();
        Tensor features = input;
        foreach (Module<Tensor, Tensor> layer in layers[..^1])
        {
            features = layer.forward(features);
        }

        return head.MemberLogits(features).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
