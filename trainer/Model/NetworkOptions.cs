namespace FashionServerless.Trainer.Model;

/// <summary>Which network to build, and its shape where the architecture has choices.</summary>
internal sealed record NetworkOptions
{
    public static NetworkOptions Default { get; } = new();

    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.GlobalPool;

    /// <summary>Filters per block of <see cref="GlobalPoolCnn"/> (one block each).</summary>
    public IReadOnlyList<int> Widths { get; init; } = GlobalPoolCnn.DefaultWidths;

    /// <summary>3x3 convolutions per block of <see cref="GlobalPoolCnn"/>.</summary>
    public int ConvolutionsPerBlock { get; init; } = 1;

    /// <summary>The first block of <see cref="GlobalPoolCnn"/> is a stride-2 convolution rather than a convolution and a max-pool.</summary>
    public bool StridedStem { get; init; }

    /// <summary>Networks of <see cref="Widths"/> packed into one <see cref="GlobalPoolCnn"/>, their logits averaged (1: a single network).</summary>
    public int Members { get; init; } = 1;

    /// <summary>Dropout before <see cref="GlobalPoolCnn"/>'s linear layer (the reference network has its own 0.5).</summary>
    public double Dropout { get; init; } = 0.2;

    public ApparelNetwork Create(int labelCount, int inputSize) => Architecture switch
    {
        NetworkArchitecture.GlobalPool => new GlobalPoolCnn(labelCount, inputSize, Widths, ConvolutionsPerBlock, Dropout, StridedStem, Members),
        NetworkArchitecture.Reference => new ReferenceCnn(labelCount, inputSize),
        _ => throw new InvalidOperationException($"Unknown architecture {Architecture}."),
    };

    /// <summary>How the manifest and the report name it, e.g. <c>GlobalPoolCnn 32-64-128-256-256 x1, dropout 0.2</c>.</summary>
    public string Describe() => Architecture == NetworkArchitecture.Reference
        ? nameof(ReferenceCnn)
        : FormattableString.Invariant($"{nameof(GlobalPoolCnn)} {string.Join("-", Widths)} x{ConvolutionsPerBlock}{(StridedStem ? ", strided stem" : "")}{(Members > 1 ? $", {Members} members" : "")}, dropout {Dropout}");

    /// <exception cref="ArgumentException">The options cannot build a network.</exception>
    internal void Validate(int inputSize)
    {
        using ApparelNetwork probe = Create(labelCount: 1, inputSize);
    }
}
