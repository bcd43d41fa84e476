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
        string[] rules = File.ReadAllLines(RepositoryPaths.InRepository(".dockerignore")).Select(line => line.Trim()).ToArray();

        foreach (string rule in new[] { "**/bin/", "**/obj/", "node_modules/", ".azurite/", "tests/", "**/*.onnx" })
        {
            Assert.Contains(rule, rules);
        }
    }

    [GeneratedRegex(@"(?m)^FROM\s+(?<image>\S+)")]
    private static partial Regex FromLine();
}
