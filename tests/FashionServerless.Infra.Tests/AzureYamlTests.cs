using System.Text.RegularExpressions;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests;

/// <summary>azure.yaml: what `azd up` deploys and the hook that finishes the deployment (text checks; no YAML parser needed).</summary>
public sealed class AzureYamlTests
{
    private static readonly string AzureYaml = File.ReadAllText(RepositoryPaths.InRepository("azure.yaml")).ReplaceLineEndings("\n");

    [Fact]
    public void AzureYaml_FunctionsService_DotnetFunctionFromFunctionsFolder()
    {
        Assert.Matches(@"(?m)^  functions:\s*\n    project: \./functions\s*\n    language: dotnet\s*\n    host: function\s*$", AzureYaml);
    }

    [Fact]
    public void AzureYaml_FunctionsService_NoEnvironmentOrBuildSwitches()
    {
        // Every build of functions/ is the Event Grid one for linux-x64 (the project says so itself), so the service
        // entry must not need an environment variable or a packaging hook that a new shell, CI or `azd deploy` lacks.
        string service = Regex.Match(AzureYaml, @"(?m)^  functions:\n(?<body>(    .*\n)+)").Groups["body"].Value;

        Assert.Equal(["project", "language", "host"], Regex.Matches(service, @"(?m)^    (\w+):").Select(match => match.Groups[1].Value));
        Assert.DoesNotMatch(@"(?m)^  (prepackage|prebuild|predeploy):", AzureYaml);
    }

    [Theory]
    [InlineData("postdeploy", "posix", "sh", "./infra/hooks/postdeploy.sh")]
    [InlineData("postdeploy", "windows", "pwsh", "./infra/hooks/postdeploy.ps1")]
    [InlineData("postdown", "posix", "sh", "./infra/hooks/postdown.sh")]
    [InlineData("postdown", "windows", "pwsh", "./infra/hooks/postdown.ps1")]
    public void AzureYaml_Hook_RunsTheScriptOfEachPlatform(string name, string platform, string shell, string script)
    {
        Match hook = Regex.Match(AzureYaml, @$"(?m)^  {name}:\n(    .*\n)*?    {platform}:\n      shell: (?<shell>\S+)\n      run: (?<run>\S+)\n");

        Assert.True(hook.Success, $"azure.yaml has no {name} hook for {platform}.");
        Assert.Equal(shell, hook.Groups["shell"].Value);
        Assert.Equal(script, hook.Groups["run"].Value);
        Assert.True(File.Exists(RepositoryPaths.InRepository(script[2..].Split('/'))), $"{script} does not exist.");
    }

    [Fact]
    public void Hooks_EveryPosixScript_HasAPowerShellTwinAndBack()
    {
        string[] scripts = Directory.GetFiles(RepositoryPaths.InRepository("infra", "hooks")).Select(Path.GetFileName).ToArray()!;
        var posix = scripts.Where(name => name.EndsWith(".sh", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        var powerShell = scripts.Where(name => name.EndsWith(".ps1", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(["first-run", "postdeploy", "postdown"], posix);
        Assert.Equal(posix, powerShell);
    }

    [Fact]
    public void DeploymentFiles_TriggerSource_NoSwitchAnywhere()
    {
        // The compile-time trigger-source switch is gone from functions/; nothing in the deployment may set or need it.
        string[] files =
        [
            RepositoryPaths.InRepository("azure.yaml"),
            RepositoryPaths.InRepository("infra", "README.md"),
            RepositoryPaths.InRepository("infra", "main.parameters.json"),
            .. Directory.GetFiles(RepositoryPaths.InRepository("infra", "hooks")),
        ];

        Assert.All(files, file => Assert.False(
            File.ReadAllText(file).Contains("BlobTriggerSource", StringComparison.OrdinalIgnoreCase),
            $"{Path.GetRelativePath(RepositoryPaths.Root, file)} still mentions BlobTriggerSource."));
    }
}
