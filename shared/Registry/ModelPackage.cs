using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Registry;

/// <summary>A published model whose bytes were checked against its manifest's SHA-256.</summary>
/// <param name="Manifest">The version's manifest.</param>
/// <param name="OnnxModel">The content of <c>model.onnx</c>.</param>
public sealed record ModelPackage(ModelManifest Manifest, byte[] OnnxModel);
