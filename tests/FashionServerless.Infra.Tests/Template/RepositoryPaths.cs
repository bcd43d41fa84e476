using System.Reflection;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>The repository's files the infrastructure tests check, and the Bicep CLI (baked in at build time, see the .csproj).</summary>
public static class RepositoryPaths
{
    public static string Root => RepositoryRoot.Path;

    /// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
    public static string BicepExecutable { get; } = Metadata("BicepExecutable");

    public static string MainBicep => Path.Combine(Root, "infra", "main.bicep");

    public static string InRepository(params string[] relative) => Path.Combine([Root, .. relative]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata; build it through its .csproj.");
}
