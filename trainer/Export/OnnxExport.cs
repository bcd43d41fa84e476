using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Trainer.Export;

/// <summary>A serialized ONNX model and the interface facts the manifest records about it.</summary>
/// <param name="Model">The <c>model.onnx</c> bytes.</param>
/// <param name="Info">Opset and input/output names, for <see cref="ModelManifest.Onnx"/>.</param>
/// <param name="Channels">Input channels (3).</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="OutputCount">Scores per image (the label count).</param>
/// <param name="FlipAverage">The graph outputs the mean of each image's and its mirror image's scores.</param>
internal sealed record OnnxExport(byte[] Model, OnnxModelInfo Info, int Channels, int Height, int Width, int OutputCount, bool FlipAverage = false)
{
    /// <summary>SHA-256 of <see cref="Model"/>, lower-case hex, as <see cref="ModelManifest.Sha256"/> stores it.</summary>
    public string Sha256 => ModelHash.Sha256(Model);

    public int ValuesPerImage => Channels * Height * Width;

    public void WriteTo(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, Model);
    }
}
