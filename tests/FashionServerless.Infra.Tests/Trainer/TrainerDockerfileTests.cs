using System.Text.RegularExpressions;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Trainer;

/// <summary>trainer/Dockerfile, the image the retraining job runs (no Docker here, so these are text checks).</summary>
public sealed partial class TrainerDockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(RepositoryPaths.InRepository("trainer", "Dockerfile"));

    [Fact]
    public void Dockerfile_Stages_BuildOnSdkAndRunOnRuntime()
    {
        var stages = FromLine().Matches(Dockerfile).Select(match => match.Groups["image"].Value).ToList();

        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime:10.0", stages[1], StringComparison.Ordinal);
        Assert.Matches(@"(?m)^COPY --from=build\b", Dockerfile);
    }

    [Fact]
    public void Dockerfile_Publish_TheTrainerProjectInRelease()
    {
        Assert.Matches(@"(?m)^RUN dotnet publish trainer/FashionServerless\.Trainer\.csproj\b.*-c Release", Dockerfile);
        foreach (string input in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "build/", "shared/", "trainer/" })
        {
            Assert.Matches($@"(?m)^COPY .*\b{Regex.Escape(input)}", Dockerfile);
        }
    }

    [Fact]
    public void Dockerfile_User_IsNonRootInTheFinalStage()
    {
        string finalStage = Dockerfile[FromLine().Matches(Dockerfile)[^1].Index..];
        Match user = Regex.Match(finalStage, @"(?m)^USER\s+(?<user>\S+)\s*$");

        Assert.True(user.Success, "The runtime stage has no USER line, so the trainer would run as root.");
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user.Groups["user"].Value);
    }

    [Fact]
    public void Dockerfile_Entrypoint_RunsFashionTrainer()
    {
        Assert.Matches(@"(?m)^ENTRYPOINT \[""dotnet"", ""fashion-trainer\.dll""\]\s*$", Dockerfile);
    }

    [Fact]
    public void DockerIgnore_Excludes_BuildOutputsDependenciesAndData()
    {
        string[] rules = DockerIgnoreRules();

        foreach (string rule in new[] { "**/bin/", "**/obj/", "node_modules/", ".azurite/", "tests/", "**/*.onnx" })
        {
            Assert.Contains(rule, rules);
        }
    }

    [Fact]
    public void DockerIgnore_AzdEnvironment_NeverSentToARegistryBuild()
    {
        // `az acr build` uploads the context to Azure; .azure/<env>/.env holds the environment's subscription,
        // resource names and principal id, and any .env file may hold secrets.
        string[] rules = DockerIgnoreRules();

        Assert.Contains(".azure/", rules);
        Assert.Contains("**/.env", rules);
    }

    [Fact]
    public void DockerIgnore_WhatTheDockerfileCopies_IsNotExcluded()
    {
        string[] rules = DockerIgnoreRules();
        var copied = CopyLine().Matches(Dockerfile).SelectMany(match => match.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Superset(new HashSet<string>(["global.json", "build/", "shared/", "trainer/", "trainer/FashionServerless.Trainer.csproj"]), copied.ToHashSet());

        Assert.All(copied, source => Assert.DoesNotContain(rules, rule =>
            source.Equals(rule, StringComparison.Ordinal) || source.StartsWith(rule.TrimEnd('/') + "/", StringComparison.Ordinal)));
        Assert.DoesNotContain("*", rules);
        Assert.DoesNotContain(rules, rule => rule.StartsWith('!'));
    }

    private static string[] DockerIgnoreRules() =>
        File.ReadAllLines(RepositoryPaths.InRepository(".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();

    [GeneratedRegex(@"(?m)^FROM\s+(?<image>\S+)")]
    private static partial Regex FromLine();

    // COPY lines that read the build context (not --from=another stage): every word but the destination.
    [GeneratedRegex(@"(?m)^COPY (?!--from)(?<sources>.+) \S+\s*$")]
    private static partial Regex CopyLine();
}
