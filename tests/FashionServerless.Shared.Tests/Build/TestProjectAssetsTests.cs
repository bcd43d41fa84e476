using System.Text.Json.Nodes;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Shared.Tests.Build;

public sealed class TestProjectAssetsTests
{
    [SkippableTheory]
    [InlineData("FashionServerless.Shared.Tests")]
    [InlineData("FashionServerless.Functions.Tests")]
    public void Assets_SharedAndFunctionsTests_NeitherCompileTheTrainerNorTorchSharp(string project)
    {
        string assets = Path.Combine(RepositoryRoot.Path, "tests", project, "obj", "project.assets.json");
        Skip.IfNot(File.Exists(assets), $"{project} has not been restored");

        // Every package and project the test project resolves, transitive ones included (the fixtures project among them).
        string[] names = [.. JsonNode.Parse(File.ReadAllText(assets))!["libraries"]!.AsObject().Select(l => l.Key)];

        Assert.Contains(names, n => n.StartsWith("FashionServerless.Testing/", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("FashionServerless.Trainer/", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || n.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
    }
}
