using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>Checks shared by the build output and the publish output: both must be the same app to the host.</summary>
internal static class FunctionsArtifact
{
    public const string BlobExtension = "Microsoft.Azure.WebJobs.Extensions.Storage.Blobs";

    /// <summary>The version pinned in Directory.Packages.props, which the protocol tests and the demo run.</summary>
    public static Version PinnedBlobExtension { get; } = Version.Parse(XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Packages.props"))
        .Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == BlobExtension).Attribute("Version")!.Value);

    public static void AssertMetadata(string output)
    {
        string path = Path.Combine(output, "functions.metadata");
        Assert.True(File.Exists(path), $"No functions.metadata in {output}");
        JsonArray functions = JsonNode.Parse(File.ReadAllText(path))!.AsArray();

        JsonObject[] classify = Bindings(functions, "ClassifyUpload");
        Assert.Equal(2, classify.Length);
        JsonObject blob = classify.Single(b => (string?)b["direction"] == "In");
        Assert.Equal("blobTrigger", (string?)blob["type"]);
        Assert.Equal("uploads/{name}", (string?)blob["path"]);
        Assert.Equal("PipelineStorage", (string?)blob["connection"]);
        Assert.Equal("EventGrid", (string?)blob["source"]);
        // The decision message: the return value, added by the host's queue extension to "classified" in the pipeline account.
        JsonObject queue = classify.Single(b => (string?)b["direction"] == "Out");
        Assert.Equal(("$return", "queue", "classified", "PipelineStorage"),
            ((string?)queue["name"], (string?)queue["type"], (string?)queue["queueName"], (string?)queue["connection"]));
        JsonObject timer = SingleBinding(functions, "EvaluateModel");
        Assert.Equal("timerTrigger", (string?)timer["type"]);
        Assert.Equal("%EvaluationSchedule%", (string?)timer["schedule"]);
    }

    public static void AssertHostFiles(string output)
    {
        Assert.True(File.Exists(Path.Combine(output, "worker.config.json")), $"worker.config.json missing in {output}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "host.json")), File.ReadAllBytes(Path.Combine(output, "host.json")));
    }

    /// <summary>The blob extension the host loads from .azurefunctions/ is the pinned one, by its deps entry and by the assembly itself.</summary>
    public static void AssertPinnedBlobExtension(string output)
    {
        Assert.True(PinnedBlobExtension >= new Version(5, 3, 10), $"The pin {PinnedBlobExtension} is older than 5.3.10, the first without the empty-marker scan bug.");
        string extensions = Path.Combine(output, ".azurefunctions");
        JsonObject libraries = JsonNode.Parse(File.ReadAllText(Path.Combine(extensions, "function.deps.json")))!["libraries"]!.AsObject();
        string entry = Assert.Single(libraries.Select(l => l.Key), n => n.StartsWith(BlobExtension + "/", StringComparison.Ordinal));
        Assert.Equal(PinnedBlobExtension, Version.Parse(entry[(BlobExtension.Length + 1)..]));
        string? product = FileVersionInfo.GetVersionInfo(Path.Combine(extensions, BlobExtension + ".dll")).ProductVersion;
        Assert.Equal(PinnedBlobExtension, Version.Parse(product!.Split('+', '-')[0]));
    }

    private static JsonObject SingleBinding(JsonArray functions, string name) => Assert.Single(Bindings(functions, name));

    private static JsonObject[] Bindings(JsonArray functions, string name)
    {
        JsonObject function = functions.Single(f => (string?)f!["name"] == name)!.AsObject();
        return [.. function["bindings"]!.AsArray().Select(b => b!.AsObject())];
    }
}
