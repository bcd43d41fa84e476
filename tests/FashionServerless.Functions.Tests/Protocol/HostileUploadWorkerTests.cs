using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Diagnostics;
using FashionServerless.Testing.Hostile;
using FashionServerless.WorkerHost.Hosting;
using Xunit.Abstractions;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// The hostile corpus and the odd blob names through the worker path of the blob trigger: the real worker process,
/// one invocation per upload over the host protocol, against a real Azurite. Every case gets the outcome it names,
/// within its bound on the worker's CPU time and peak memory, and every record lands at its upload's name.
/// </summary>
public sealed class HostileUploadWorkerTests(ClassifyWorkerFixture fixture, ITestOutputHelper output) : IClassFixture<ClassifyWorkerFixture>
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ClassifyUpload_HostileCorpus_EveryCaseGetsItsOutcomeWithinItsBounds()
    {
        // One ordinary photo first, so the first case is not charged with the worker's warm-up (JIT, model session).
        BlobClient warmUp = await fixture.UploadAsync("hostile-warm-up.jpg", FashionServerless.Testing.Images.TestImages.Jpeg(64, 64, new SixLabors.ImageSharp.PixelFormats.Rgb24(20, 30, 120)));
        Assert.Equal(InvocationStatus.Success, (await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), warmUp)).Status);
        var usage = new ProcessUsage(fixture.Worker.ProcessId);
        var failures = new List<string>();
        var table = new StringBuilder("case | expected | outcome | worker CPU ms (bound) | peak added MiB (bound) | wall ms\n");
        (string Name, double Ms) slowest = ("", 0);
        (string Name, double MiB) heaviest = ("", 0);
        double peakResident = 0;
        foreach (HostileCase hostile in HostileCorpus.All)
        {
            BlobClient upload = await fixture.UploadAsync($"hostile/{hostile.FileName}", hostile.Content);
            using var timeout = new CancellationTokenSource(CaseTimeout);
            usage.Start();
            InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload, timeout.Token);
            (TimeSpan? cpu, double? addedMiB, double? peakMiB) = usage.Stop();

            string outcome = result.Status == InvocationStatus.Success
                ? Outcome(await fixture.Records.ReadAsync(upload.Name))
                : $"invocation {result.Status}: {result.Error}";
            double cpuMs = cpu?.TotalMilliseconds ?? 0;
            table.Append(CultureInfo.InvariantCulture, $"{hostile.Name} | {hostile.Expected} | {outcome} | {cpuMs:0} ({hostile.MaxCpuMilliseconds}) | {addedMiB:0.0} ({hostile.MaxMemoryMiB}) | {result.Elapsed.TotalMilliseconds:0}\n");
            if (outcome != hostile.Expected)
            {
                PredictionRecord? got = await fixture.Records.ReadAsync(upload.Name);
                failures.Add($"{hostile.Name}: expected {hostile.Expected}, got {outcome} {got?.Rejection?.Message}");
            }

            if (cpuMs > hostile.MaxCpuMilliseconds)
            {
                failures.Add($"{hostile.Name}: {cpuMs:0} ms of worker CPU, bound {hostile.MaxCpuMilliseconds}");
            }

            if (addedMiB > hostile.MaxMemoryMiB)
            {
                failures.Add($"{hostile.Name}: peak memory {addedMiB:0.0} MiB above the level before it, bound {hostile.MaxMemoryMiB}");
            }

            slowest = cpuMs > slowest.Ms ? (hostile.Name, cpuMs) : slowest;
            heaviest = addedMiB > heaviest.MiB ? (hostile.Name, addedMiB.Value) : heaviest;
            peakResident = Math.Max(peakResident, peakMiB ?? 0);
        }

        output.WriteLine(table.ToString());
        output.WriteLine($"{HostileCorpus.All.Count} cases; slowest {slowest.Name} ({slowest.Ms:0} ms worker CPU); most memory {heaviest.Name} (+{heaviest.MiB:0.0} MiB); worker peak resident {peakResident:0} MiB.");
        Assert.True(HostileCorpus.All.Count >= 40);
        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n" + table);
    }

    [Fact]
    public async Task ClassifyUpload_OddBlobNames_RecordLandsAtTheMatchingNameAndNowhereElse()
    {
        IReadOnlyList<string> names = OddBlobNames.Under("names/");
        foreach (string name in names)
        {
            await fixture.UploadAsync(name, FashionServerless.Testing.Images.TestImages.Jpeg(32, 32, new SixLabors.ImageSharp.PixelFormats.Rgb24(20, 30, 120)));
        }

        // Storage resolves '.' and '..' segments and reads a backslash as '/' when the upload is written (Azure does the
        // same), and Event Grid names the stored blob: the trigger is invoked with the names as listed.
        List<string> stored = await NamesAsync(fixture.Uploads);
        Assert.Equal(OddBlobNames.AsStored(names).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        var failures = new List<string>();
        foreach (string name in stored)
        {
            InvocationResult result = await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), fixture.Uploads.GetBlobClient(name));
            PredictionRecord? record = result.Status == InvocationStatus.Success ? await fixture.Records.ReadAsync(name) : null;
            if (record is null || record.Source != name || record.Status != PredictionStatus.Classified)
            {
                failures.Add($"{name}: {result.Status} {result.Error}, record {(record is null ? "missing" : $"{record.Status} for '{record.Source}'")}");
            }
        }

        // The whole container, less the other test's prefix: a name resolved as a path can land outside this one.
        List<string> written = await NamesAsync(fixture.Predictions);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(stored.Select(PredictionBlobNames.RecordFor).Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (BlobItem blob in container.GetBlobsAsync())
        {
            if (!blob.Name.StartsWith("hostile", StringComparison.Ordinal))
            {
                names.Add(blob.Name);
            }
        }

        return names;
    }

    private static string Outcome(PredictionRecord? record) => record switch
    {
        null => "no record",
        { Status: PredictionStatus.Rejected } => HostileCase.Rejected(record.Rejection!.Reason),
        _ => record.Status,
    };
}
