using FashionServerless.Shared.Manifest;

namespace FashionServerless.Testing.Models;

/// <summary>An exported test model on disk: <c>model.onnx</c> and <c>manifest.json</c> in its own temporary folder.</summary>
/// <param name="Directory">The folder holding both files; deleted on dispose.</param>
/// <param name="OnnxBytes">The exact bytes of <c>model.onnx</c>; their SHA-256 is <see cref="ModelManifest.Sha256"/>.</param>
/// <param name="Manifest">The model's manifest, as written to <c>manifest.json</c>.</param>
public sealed record TestModel(string Directory, byte[] OnnxBytes, ModelManifest Manifest) : IDisposable
{
    public string ModelPath => Path.Combine(Directory, "model.onnx");

    public string ManifestPath => Path.Combine(Directory, "manifest.json");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: nothing to clean.
        }
    }
}
