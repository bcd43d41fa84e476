namespace FashionServerless.Trainer.Export;

/// <summary>The interface and metadata of an exported graph; the layers say the rest.</summary>
internal sealed record OnnxExportOptions
{
    /// <summary>Input height in pixels; the graph's input is <c>[batch,Channels,Height,Width]</c>.</summary>
    public required int Height { get; init; }

    public required int Width { get; init; }

    public int Channels { get; init; } = 3;

    public string InputName { get; init; } = OnnxExporter.DefaultInputName;

    public string OutputName { get; init; } = OnnxExporter.DefaultOutputName;

    /// <summary>Default-domain opset. 17 is the oldest with every operator version the exporter writes.</summary>
    public int Opset { get; init; } = OnnxExporter.DefaultOpset;

    public string GraphName { get; init; } = "fashion_classifier";

    /// <summary>The graph scores each image and its mirror image and outputs the mean (horizontal-flip averaging).</summary>
    public bool FlipAverage { get; init; }

    /// <summary>Written as the model's <c>metadata_props</c>, e.g. from <see cref="OnnxModelMetadata.Describe"/>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
