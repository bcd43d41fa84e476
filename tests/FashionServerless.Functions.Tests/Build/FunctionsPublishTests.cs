using System.Reflection.PortableExecutable;
using FashionServerless.Functions.Tests.Protocol;
using FashionServerless.Testing.Azurite;
using FashionServerless.WorkerHost.Hosting;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>
/// What `dotnet publish` (and so azd deploy) ships to Flex Consumption: the same triggers the tests run (Event Grid
/// blob source), Linux x64 natives only, the pinned host extension, and a worker that starts under the host protocol.
/// </summary>
[Collection(PublishedAppTestGroup.Name)]
public sealed class FunctionsPublishTests(PublishedFunctionsFixture published, AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Publish_Default_HasEventGridBlobTriggerAndTimer()
    {
        FunctionsArtifact.AssertMetadata(published.Directory);
        FunctionsArtifact.AssertHostFiles(published.Directory);
    }

    [Fact]
    public void Publish_Default_ShipsOnnxRuntimeForLinuxX64Only()
    {
        string[] files = [.. Directory.EnumerateFiles(published.Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(published.Directory, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".azurefunctions/", StringComparison.Ordinal))];

        Assert.Contains("libonnxruntime.so", files);
        Assert.DoesNotContain(files, f => f.StartsWith("runtimes/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".dylib", StringComparison.Ordinal) || f.EndsWith(".aar", StringComparison.Ordinal)
            || f.Contains("xcframework", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("onnxruntime", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FashionServerless.Functions.dll", true)]
    [InlineData("FashionServerless.Shared.dll", true)]
    [InlineData("Microsoft.Azure.Functions.Worker.Grpc.dll", true)]
    [InlineData("Azure.Storage.Blobs.dll", true)]
    [InlineData("Microsoft.ML.OnnxRuntime.dll", true)]
    // Precompiled, ImageSharp alone would add 30 MB to every cold instance's package; the warm-up compiles what it uses.
    [InlineData("SixLabors.ImageSharp.dll", false)]
    public void Publish_Default_PrecompilesTheStartPathSoACleanInstanceJitsLess(string assembly, bool readyToRun)
    {
        using var reader = new PEReader(File.OpenRead(Path.Combine(published.Directory, assembly)));

        // A ReadyToRun image carries native code, found through the CLR header's managed native header.
        Assert.Equal(readyToRun, reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
    }

    [Fact]
    public void Publish_Default_HostLoadsThePinnedBlobExtension()
    {
        FunctionsArtifact.AssertPinnedBlobExtension(published.Directory);
    }

    [Fact]
    public async Task Publish_Default_WorkerStartsAndStopsUnderTheHostProtocol()
    {
        await using FunctionsWorkerHost worker = await FunctionsWorkerHost.StartAsync(new WorkerHostOptions
        {
            AppDirectory = published.Directory,
            Settings = WorkerSettings.For(azurite, azurite.UniqueLayout()),
        });

        Assert.Equal(["ClassifyUpload", "EvaluateModel"], worker.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(worker.Functions, f => Assert.Null(f.LoadError));
        Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(30)));
    }
}
