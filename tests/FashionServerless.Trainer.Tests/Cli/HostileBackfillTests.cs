using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Diagnostics;
using FashionServerless.Testing.Hostile;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Tests.Publishing;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>
/// The hostile corpus and the odd blob names through the CLI backfill (<c>classify --container</c>), the other path
/// that writes prediction records: each case gets the same outcome as through the blob trigger, within its bounds.
/// The backfill runs in this process, whose CPU time and peak memory are each case's cost, so no other test may run
/// beside it (a training test in parallel was charged to a 1x1 photo).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class HostileBackfillTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ClassifyContainer_HostileCorpus_EveryCaseGetsItsOutcomeWithinItsBounds()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = await PromoteAsync(layout);
        var uploads = azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads);
        var reader = new PredictionRecordReader(azurite.BlobServiceClient, layout);
        // This process runs the backfill, so its own CPU time and peak memory are the case's cost.
        var usage = new ProcessUsage(Environment.ProcessId);
        var failures = new List<string>();
        var table = new StringBuilder("case | expected | outcome | CPU ms (bound) | peak added MiB (bound)\n");
        (string Name, double Ms) slowest = ("", 0);
        (string Name, double MiB) heaviest = ("", 0);
        // One ordinary photo first, so the first case is not charged with the warm-up (JIT, model session).
        await uploads.GetBlobClient("warm-up.jpg").UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(64, 64, new Rgb24(20, 30, 120))));
        Assert.Equal(ExitCodes.Success, (await Run(layout, "classify", "--container", layout.Uploads, "--prefix", "warm-up.jpg")).ExitCode);
        foreach (HostileCase hostile in HostileCorpus.All)
        {
            string name = $"hostile/{hostile.FileName}";
            await uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(hostile.Content), overwrite: true);
            // The previous case's garbage is collected now, not during this case's measurement.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            usage.Start();
            CliRun run = await Run(layout, "classify", "--container", layout.Uploads, "--prefix", name, "--parallelism", "1");
            (TimeSpan? cpu, double? addedMiB, _) = usage.Stop();

            PredictionRecord? record = await reader.ReadAsync(name);
            string outcome = run.ExitCode != ExitCodes.Success ? $"exit {run.ExitCode}: {run.Error.Trim()}"
                : record is null ? "no record"
                : record.Status == PredictionStatus.Rejected ? HostileCase.Rejected(record.Rejection!.Reason)
                : record.Status;
            double cpuMs = cpu?.TotalMilliseconds ?? 0;
            table.Append(CultureInfo.InvariantCulture, $"{hostile.Name} | {hostile.Expected} | {outcome} | {cpuMs:0} ({hostile.MaxCpuMilliseconds}) | {addedMiB:0.0} ({hostile.MaxMemoryMiB})\n");
            if (outcome != hostile.Expected)
            {
                failures.Add($"{hostile.Name}: expected {hostile.Expected}, got {outcome} {record?.Rejection?.Message}");
            }

            // The bound is the worker's; the CLI run adds its own start-up (host, storage client, model lease) to each case.
            double cliBound = hostile.MaxCpuMilliseconds + 1500;
            if (cpuMs > cliBound)
            {
                failures.Add($"{hostile.Name}: {cpuMs:0} ms of CPU, bound {cliBound:0}");
            }

            // Its start-up also allocates (JIT, the ONNX Runtime session, the first storage calls), up to 87 MiB measured on a
            // case that itself allocates nothing; the bombs this guards against cost hundreds of MiB to GiB.
            const int cliStartupMiB = 192;
            if (addedMiB > hostile.MaxMemoryMiB + cliStartupMiB)
            {
                failures.Add($"{hostile.Name}: peak memory {addedMiB:0.0} MiB above the level before it, bound {hostile.MaxMemoryMiB + cliStartupMiB}");
            }

            slowest = cpuMs > slowest.Ms ? (hostile.Name, cpuMs) : slowest;
            heaviest = addedMiB > heaviest.MiB ? (hostile.Name, addedMiB.Value) : heaviest;
        }

        output.WriteLine(table.ToString());
        output.WriteLine($"{HostileCorpus.All.Count} cases; slowest {slowest.Name} ({slowest.Ms:0} ms CPU); most memory {heaviest.Name} (+{heaviest.MiB:0.0} MiB).");
        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n" + table);
    }

    [Fact]
    public async Task ClassifyContainer_OddBlobNames_RecordLandsAtTheMatchingNameAndNowhereElse()
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        using TestModel model = await PromoteAsync(layout);
        var uploads = azurite.BlobServiceClient.GetBlobContainerClient(layout.Uploads);
        IReadOnlyList<string> names = OddBlobNames.Under("names/");
        foreach (string name in names)
        {
            await uploads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(TestImages.Jpeg(32, 32, new Rgb24(20, 30, 120))), overwrite: true);
        }

        CliRun run = await Run(layout, "classify", "--container", layout.Uploads);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        // Storage resolves '.' and '..' segments and reads a backslash as '/' when the upload is written (Azure does the same), so
        // the pipeline sees the stored name: the record must be at that name and nowhere else.
        List<string> stored = await NamesAsync(uploads);
        Assert.Equal(names.Count, stored.Count);
        Assert.Equal(OddBlobNames.AsStored(names).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        List<string> written = await NamesAsync(azurite.BlobServiceClient.GetBlobContainerClient(layout.Predictions));
        Assert.Equal(stored.Select(PredictionBlobNames.RecordFor).Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        var reader = new PredictionRecordReader(azurite.BlobServiceClient, layout);
        foreach (string name in stored)
        {
            PredictionRecord record = (await reader.ReadAsync(name))!;
            Assert.Equal((name, PredictionStatus.Classified, model.Manifest.Version), (record.Source, record.Status, record.ModelVersion));
        }
    }

    private static async Task<List<string>> NamesAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (BlobItem blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<TestModel> PromoteAsync(BlobLayoutOptions layout)
    {
        TestModel model = GateModels.Good();
        var registry = new ModelRegistry(azurite.BlobServiceClient, layout);
        await registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxBytes));
        await registry.PromoteAsync(model.Manifest.Version);
        return model;
    }

    private Task<CliRun> Run(BlobLayoutOptions layout, params string[] args) =>
        CliRun.RunAsync(layout, [.. args, "--storage", azurite.ConnectionString]);
}
