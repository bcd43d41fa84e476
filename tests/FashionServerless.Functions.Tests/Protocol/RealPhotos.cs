using FashionServerless.Testing.Azurite;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>The real apparel photos in <c>../shared/data/apparel</c>, when that folder is present (not on a fresh clone).</summary>
internal static class RealPhotos
{
    /// <summary>The first photo of <paramref name="classFolder"/> in name order, or null without the data.</summary>
    public static string? First(string classFolder)
    {
        string folder = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "data", "apparel", classFolder));
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal).FirstOrDefault() : null;
    }
}
