using System.Reflection;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>Locations baked into the test assembly at build time (see the .csproj's AssemblyMetadata items).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
    public static string BicepExecutable { get; } = Metadata("BicepExecutable");

    public static string MainBicep => Path.Combine(Root, "infra", "main.bicep");

    public static string InRepository(params string[] relative) => Path.Combine([Root, .. relative]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata; build it through its .csproj.");
}
