namespace FashionServerless.Shared.Manifest;

/// <summary>The ONNX graph's interface: checked against the loaded model before it serves.</summary>
/// <param name="Opset">The default-domain opset the graph was written for (17 or newer).</param>
/// <param name="InputName">Input tensor name; shape <c>[batch,3,H,W]</c> float32 with a dynamic batch.</param>
/// <param name="OutputName">Output tensor name; shape <c>[batch,labels]</c> float32 sigmoid scores.</param>
public sealed record OnnxModelInfo(int Opset, string InputName, string OutputName);
