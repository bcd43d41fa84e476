using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>What the Functions host reads from the build output: functions.metadata, host.json, worker.config.json.</summary>
public sealed class FunctionsBuildOutputTests
{
    private static readonly string Configuration =
        typeof(FunctionsBuildOutputTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FunctionsProject => Path.Combine(RepositoryRoot.Path, "functions");

    /// <summary>The functions project's own output, built before this test project as its reference.</summary>
    private static string PollingOutput => Path.Combine(FunctionsProject, "bin", Configuration, "net10.0");

    [Fact]
    public void Metadata_DefaultBuild_HasPollingBlobTriggerAndTimer()
    {
        JsonArray functions = ReadMetadata(PollingOutput);

        JsonObject blob = SingleBinding(functions, "ClassifyUpload");
        Assert.Equal("blobTrigger", (string?)blob["type"]);
        Assert.Equal("uploads/{name}", (string?)blob["path"]);
        Assert.Equal("PipelineStorage", (string?)blob["connection"]);
        Assert.Null(blob["source"]);
        AssertTimer(functions);
    }

    [Fact]
    public async Task Metadata_EventGridBuild_HasEventGridBlobTriggerAndTimer()
    {
        // Its own configuration keeps this build's obj and bin apart from the Debug/Release output other tests use.
        string output = await BuildAsync("EventGridCheck", "-p:BlobTriggerSource=EventGrid");
        JsonArray functions = ReadMetadata(output);

        JsonObject blob = SingleBinding(functions, "ClassifyUpload");
        Assert.Equal("blobTrigger", (string?)blob["type"]);
        Assert.Equal("uploads/{name}", (string?)blob["path"]);
        Assert.Equal("PipelineStorage", (string?)blob["connection"]);
        Assert.Equal("EventGrid", (string?)blob["source"]);
        AssertTimer(functions);
    }

    [Fact]
    public void Output_DefaultBuild_HasHostFilesAndRootHostJson()
    {
        Assert.True(File.Exists(Path.Combine(PollingOutput, "functions.metadata")), $"functions.metadata missing in {PollingOutput}");
        Assert.True(File.Exists(Path.Combine(PollingOutput, "worker.config.json")), $"worker.config.json missing in {PollingOutput}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "host.json")), File.ReadAllBytes(Path.Combine(PollingOutput, "host.json")));
    }

    [Fact]
    public void Assets_FunctionsProject_HasNoTorchSharp()
    {
        // The resolved packages, transitive ones included (the central version list names TorchSharp, but only the trainer uses it).
        JsonObject libraries = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsProject, "obj", "project.assets.json")))!["libraries"]!.AsObject();
        string[] names = [.. libraries.Select(l => l.Key)];

        Assert.DoesNotContain(names, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || n.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(names, n => n.StartsWith("Microsoft.ML.OnnxRuntime/", StringComparison.Ordinal));
    }

    [Fact]
    public void LocalSettingsSample_HasEverySettingTheHostNeeds()
    {
        JsonObject values = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsProject, "local.settings.sample.json")))!["Values"]!.AsObject();

        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["PipelineStorage"]);
        Assert.Equal("dotnet-isolated", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("0 0 3 * * *", (string?)values["EvaluationSchedule"]);
    }

    private static void AssertTimer(JsonArray functions)
    {
        JsonObject timer = SingleBinding(functions, "EvaluateModel");
        Assert.Equal("timerTrigger", (string?)timer["type"]);
        Assert.Equal("%EvaluationSchedule%", (string?)timer["schedule"]);
    }

    private static JsonArray ReadMetadata(string output)
    {
        string path = Path.Combine(output, "functions.metadata");
        Assert.True(File.Exists(path), $"No functions.metadata in {output}");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }

    private static JsonObject SingleBinding(JsonArray functions, string name)
    {
        JsonObject function = functions.Single(f => (string?)f!["name"] == name)!.AsObject();
        return Assert.Single(function["bindings"]!.AsArray())!.AsObject();
    }

    private static async Task<string> BuildAsync(string configuration, string property)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", Path.Combine(FunctionsProject, "FashionServerless.Functions.csproj"), "-c", configuration, property, "-nologo", "-v:q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet build {property} failed:\n{await stdout}\n{await stderr}");
        return Path.Combine(FunctionsProject, "bin", configuration, "net10.0");
    }
}
