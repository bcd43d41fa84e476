namespace FashionServerless.Trainer.Export;

/// <summary>A layer the ONNX exporter cannot translate, or a layer setting it cannot express.</summary>
internal sealed class UnsupportedLayerException(string layerName, string layerType, string reason)
    : Exception($"Cannot export layer '{layerName}' ({layerType}) to ONNX: {reason}")
{
    public string LayerName { get; } = layerName;

    public string LayerType { get; } = layerType;
}
