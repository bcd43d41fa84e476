using System.Reflection;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>Where the functions project's own build output is: built before this test project, as its reference.</summary>
internal static class FunctionsBuildOutput
{
    /// <summary>The configuration this test assembly was built in, which its reference was built in too.</summary>
    public static string Configuration { get; } =
        typeof(FunctionsBuildOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ProjectDirectory => Path.Combine(RepositoryRoot.Path, "functions");

    /// <summary><c>functions/bin/&lt;configuration&gt;/net10.0</c>: what <c>func start</c> runs.</summary>
    public static string Directory => Path.Combine(ProjectDirectory, "bin", Configuration, "net10.0");
}
