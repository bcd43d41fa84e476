using FashionServerless.Shared.Manifest;

namespace FashionServerless.Trainer.Cli;

/// <summary>A trained model on disk: <c>model.onnx</c>, <c>manifest.json</c> beside it, and an optional <c>report/</c> folder.</summary>
internal sealed record ModelDirectory(string Folder, ModelManifest Manifest, byte[] OnnxModel)
{
    public const string ModelFileName = "model.onnx";
    public const string ManifestFileName = "manifest.json";
    public const string ReportFolderName = "report";

    /// <summary>Reads a model folder, or the folder of a <c>model.onnx</c> path.</summary>
    /// <exception cref="CliFailure">A file is missing or the manifest is unreadable (exit code model).</exception>
    public static async Task<ModelDirectory> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string folder = File.Exists(full) ? Path.GetDirectoryName(full)! : full;
        string modelPath = File.Exists(full) ? full : Path.Combine(folder, ModelFileName);
        string manifestPath = Path.Combine(folder, ManifestFileName);
        if (!File.Exists(modelPath))
        {
            throw new CliFailure(ExitCodes.Model, $"No model at '{modelPath}'.");
        }

        if (!File.Exists(manifestPath))
        {
            throw new CliFailure(ExitCodes.Model, $"No {ManifestFileName} beside '{modelPath}'; a model is only usable with its manifest.");
        }

        ModelManifest manifest;
        try
        {
            manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(manifestPath, cancellationToken), manifestPath);
        }
        catch (InvalidDataException ex)
        {
            throw new CliFailure(ExitCodes.Model, ex.Message, ex);
        }

        return new ModelDirectory(folder, manifest, await File.ReadAllBytesAsync(modelPath, cancellationToken));
    }

    /// <summary>The report files by relative path (forward slashes), for publishing under <c>&lt;version&gt;/report/</c>.</summary>
    public async Task<Dictionary<string, BinaryData>> ReadReportFilesAsync(CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, BinaryData>(StringComparer.Ordinal);
        string reportFolder = Path.Combine(Folder, ReportFolderName);
        if (!Directory.Exists(reportFolder))
        {
            return files;
        }

        foreach (string file in Directory.EnumerateFiles(reportFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files[Path.GetRelativePath(reportFolder, file).Replace('\\', '/')] = new BinaryData(await File.ReadAllBytesAsync(file, cancellationToken));
        }

        return files;
    }
}
