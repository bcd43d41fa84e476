using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests;

[Collection(MainTemplateDefinition.Name)]
public sealed class MainBicepTests(MainTemplateFixture fixture)
{
    // Diagnostics tolerated by code, each with the reason. Empty on purpose: prefer fixing the Bicep or, for a rule
    // that does not fit, configuring it in infra/bicepconfig.json with a comment.
    private static readonly Dictionary<string, string> AllowedWarnings = [];

    [Fact]
    public void Build_MainTemplate_SucceedsWithoutDiagnostics()
    {
        Assert.True(fixture.Build.ExitCode == 0, $"bicep build failed:\n{fixture.Build.StandardError}");
        AssertAllExplained(fixture.Build.Diagnostics);
    }

    [Fact]
    public void Lint_MainTemplate_ReportsNoErrorsOrUnexplainedWarnings()
    {
        Assert.True(fixture.Lint.ExitCode == 0, $"bicep lint failed:\n{fixture.Lint.StandardError}{fixture.Lint.StandardOutput}");
        Assert.DoesNotContain(fixture.Lint.Diagnostics, diagnostic => diagnostic.Level == "Error");
        AssertAllExplained(fixture.Lint.Diagnostics);
    }

    [Fact]
    public void Lint_DiagnosticParser_RecognisesBicepOutputLines()
    {
        // Guards the two tests above: if the CLI's output format changed, they would pass vacuously.
        var file = Path.Combine(Path.GetTempPath(), $"lint-{Guid.NewGuid():N}.bicep");
        File.WriteAllText(file, "param unused string\n");
        try
        {
            BicepRun run = BicepCli.Run("lint", file);
            Assert.Contains(run.Diagnostics, diagnostic => diagnostic.Code == "no-unused-params" && diagnostic.Level == "Warning");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Template_Scope_DeploysResourceGroupAtSubscription()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", fixture.Template.Root.Template["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(fixture.Template.Deployed("Microsoft.Resources/resourceGroups"));
    }

    private static void AssertAllExplained(IReadOnlyList<BicepDiagnostic> diagnostics)
    {
        var unexplained = diagnostics.Where(diagnostic => !AllowedWarnings.ContainsKey(diagnostic.Code)).ToList();
        Assert.True(unexplained.Count == 0, "Unexplained Bicep diagnostics:\n" + string.Join("\n", unexplained));
    }
}
