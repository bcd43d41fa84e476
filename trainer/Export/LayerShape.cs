namespace FashionServerless.Trainer.Export;

/// <summary>
/// The per-image shape flowing between layers while exporting, so each layer's settings are checked against what it
/// actually receives: <c>[Channels,Height,Width]</c> before Flatten, <c>[Features]</c> after.
/// </summary>
/// <param name="TensorName">The ONNX value holding the current activation.</param>
internal sealed record LayerShape(string TensorName, long Channels, long Height, long Width)
{
    public bool IsFlat { get; init; }

    public long Features { get; init; }

    public static LayerShape Flat(string tensorName, long features) => new(tensorName, 0, 0, 0) { IsFlat = true, Features = features };
}
