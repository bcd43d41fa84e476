namespace FashionServerless.Testing.Azurite;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries that holds <c>package.json</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <exception cref="InvalidOperationException">No folder above the test binaries holds <c>package.json</c>.</exception>
    public static string Path => Root.Value;

    private static string Find()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "package.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root: no folder above {AppContext.BaseDirectory} holds package.json.");
    }
}
