using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests;

/// <summary>azure.yaml: what `azd up` deploys and the hook that finishes the deployment (text checks; no YAML parser needed).</summary>
public sealed class AzureYamlTests
{
    private static readonly string AzureYaml = File.ReadAllText(RepositoryPaths.InRepository("azure.yaml"));

    [Fact]
    public void AzureYaml_FunctionsService_DotnetFunctionFromFunctionsFolder()
    {
        Assert.Matches(@"(?m)^  functions:\s*\n    project: \./functions\s*\n    language: dotnet\s*\n    host: function\s*$", AzureYaml.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AzureYaml_PostdeployHook_RunsTheScriptThatExists()
    {
        Assert.Matches(@"(?m)^  postdeploy:", AzureYaml);
        Assert.Contains("run: ./infra/hooks/postdeploy.sh", AzureYaml, StringComparison.Ordinal);
        string hook = File.ReadAllText(RepositoryPaths.InRepository("infra", "hooks", "postdeploy.sh"));
        Assert.Contains("az acr build", hook, StringComparison.Ordinal);
        Assert.Contains("DEPLOY_EVENTGRID_SUBSCRIPTION true", hook, StringComparison.Ordinal);
        Assert.Contains("azd provision", hook, StringComparison.Ordinal);
    }
}
