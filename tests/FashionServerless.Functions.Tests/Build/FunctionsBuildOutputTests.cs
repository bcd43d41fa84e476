using System.Text.Json.Nodes;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>What the Functions host reads from the build output: functions.metadata, host.json, worker.config.json, .azurefunctions/.</summary>
public sealed class FunctionsBuildOutputTests
{
    [Fact]
    public void Metadata_Build_HasEventGridBlobTriggerAndTimer()
    {
        FunctionsArtifact.AssertMetadata(FunctionsBuildOutput.Directory);
    }

    [Fact]
    public void Output_Build_HasHostFilesAndRootHostJson()
    {
        FunctionsArtifact.AssertHostFiles(FunctionsBuildOutput.Directory);
    }

    [Fact]
    public void Extensions_Build_HostLoadsThePinnedBlobExtension()
    {
        FunctionsArtifact.AssertPinnedBlobExtension(FunctionsBuildOutput.Directory);
    }

    [Fact]
    public void Assets_FunctionsProject_HasNoTorchSharp()
    {
        // The resolved packages, transitive ones included (the central version list names TorchSharp, but only the trainer uses it).
        JsonObject libraries = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.ProjectDirectory, "obj", "project.assets.json")))!["libraries"]!.AsObject();
        string[] names = [.. libraries.Select(l => l.Key)];

        Assert.DoesNotContain(names, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || n.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(names, n => n.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
    }

    [Fact]
    public void Assets_FunctionsProject_ResolvesTheApplicationInsightsSdkItsWorkerPackageWasBuiltAgainst()
    {
        // Worker.ApplicationInsights 2.x implements the 2.x SDK's ITelemetryInitializer; a 3.x SDK makes the worker die at start.
        JsonObject libraries = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.ProjectDirectory, "obj", "project.assets.json")))!["libraries"]!.AsObject();
        string sdk = libraries.Select(l => l.Key).Single(n => n.StartsWith("Microsoft.ApplicationInsights/", StringComparison.Ordinal));

        Assert.StartsWith("Microsoft.ApplicationInsights/2.", sdk, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalSettingsSample_HasEverySettingTheHostNeeds()
    {
        JsonObject values = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.ProjectDirectory, "local.settings.sample.json")))!["Values"]!.AsObject();

        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["PipelineStorage"]);
        Assert.Equal("dotnet-isolated", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("0 0 3 * * *", (string?)values["EvaluationSchedule"]);
    }
}
