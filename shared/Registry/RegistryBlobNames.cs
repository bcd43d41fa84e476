namespace FashionServerless.Shared.Registry;

/// <summary>Blob names inside the models container; the layout documented for the registry.</summary>
internal static class RegistryBlobNames
{
    public const string Pointer = "current.json";
    public const string ModelFile = "model.onnx";
    public const string ManifestFile = "manifest.json";
    public const string ReportFolder = "report";

    public static string Model(string version) => $"{version}/{ModelFile}";

    public static string Manifest(string version) => $"{version}/{ManifestFile}";

    public static string Report(string version, string relativePath) => $"{version}/{ReportFolder}/{relativePath}";

    /// <summary>The version of a <c>&lt;version&gt;/manifest.json</c> blob name, or null for any other blob.</summary>
    public static string? VersionOfManifest(string blobName)
    {
        string suffix = "/" + ManifestFile;
        if (!blobName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        string version = blobName[..^suffix.Length];
        return ModelVersion.IsValid(version) ? version : null;
    }

    /// <summary>Report files are named by the publisher; keep them inside <c>&lt;version&gt;/report/</c>.</summary>
    public static void ValidateReportPath(string relativePath)
    {
        bool safe = !string.IsNullOrWhiteSpace(relativePath)
            && !relativePath.StartsWith('/')
            && !relativePath.Contains('\\', StringComparison.Ordinal)
            && relativePath.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
        if (!safe)
        {
            throw new ArgumentException(
                $"Report file name '{relativePath}' must be a relative path with '/' separators and no empty, '.' or '..' segments.",
                nameof(relativePath));
        }
    }
}
