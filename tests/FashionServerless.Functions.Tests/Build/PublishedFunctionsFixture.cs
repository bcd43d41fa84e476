using System.Diagnostics;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>`dotnet publish` of the functions project, as azd and func publish it, into a temporary folder.</summary>
public sealed class PublishedFunctionsFixture : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("fashionserverless-publish-").FullName;

    public async Task InitializeAsync()
    {
        // The same configuration as the build under test; the RID-specific publish builds into its own obj/ and bin/ folders.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", Path.Combine(FunctionsBuildOutput.ProjectDirectory, "FashionServerless.Functions.csproj"),
                "-c", FunctionsBuildOutput.Configuration, "-o", Directory, "-nologo", "-v:q",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
