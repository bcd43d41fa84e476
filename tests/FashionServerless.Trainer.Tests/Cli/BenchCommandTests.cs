using System.Text.Json;
using FashionServerless.Testing.Azurite;
using FashionServerless.Trainer.Cli;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>
/// Smoke runs of every bench mode on a few synthetic images: each mode runs, prints its table and writes JSON with
/// positive figures. Not timed tests: the figures themselves are for the README, taken on real photos.
/// </summary>
public sealed class BenchCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] FigureSections = ["preprocess", "inference"];

    [Fact]
    public async Task Bench_TinySyntheticSet_PrintsTableAndWritesEverySectionWithPositiveFigures()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data, perClass: 10);
        string json = Path.Combine(folder.Path, "bench.json");

        CliRun run = await CliRun.RunAsync(null, "bench", "--data", data, "--images", "20", "--batch-sizes", "1,4",
            "--train-steps", "1", "--train-batch", "8", "--limit-size", "128", "--output", json);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("untrained reference CNN", run.Output, StringComparison.Ordinal);
        foreach (string row in new[] { "preprocess 1 thread", "preprocess parallel", "inference 1 image", "inference batch 1", "inference batch 4", "classify encoded photo", "training step batch 8" })
        {
            Assert.Contains(row, run.Output, StringComparison.Ordinal);
        }

        using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        JsonElement root = document.RootElement;
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("processorCount").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("machine").GetProperty("onnxRuntime").GetString()));
        Assert.Equal(20, root.GetProperty("data").GetProperty("images").GetInt32());
        Assert.True(root.GetProperty("model").GetProperty("untrained").GetBoolean());
        Assert.Equal(2, root.GetProperty("preprocess").GetArrayLength());
        Assert.Equal(3, root.GetProperty("inference").GetArrayLength());
        JsonElement[] figures = [.. FigureSections.SelectMany(s => root.GetProperty(s).EnumerateArray()), root.GetProperty("endToEnd"), root.GetProperty("training")];
        Assert.All(figures, AssertPositive);
        Assert.Equal(8, root.GetProperty("training").GetProperty("imagesPerOperation").GetInt32());
        Assert.InRange(root.GetProperty("model").GetProperty("gflopPerImage").GetDouble(), 0.01, 10);
        Assert.True(root.GetProperty("limit").GetProperty("gflops").GetDouble() > 0);
        Assert.All(root.GetProperty("inference").EnumerateArray(), f => Assert.True(f.GetProperty("fractionOfLimit").GetDouble() > 0));
        Assert.Contains("of limit", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchServing_TinySyntheticSetInAzurite_ReportsCpuAndRequestsPerUploadAndCleansUp()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data, perClass: 6);
        string json = Path.Combine(folder.Path, "serving.json");

        CliRun run = await CliRun.RunAsync(null, "bench", "serving", "--data", data, "--uploads", "12", "--parallelism", "2",
            "--storage-pid", $"{Environment.ProcessId}", "--storage", azurite.ConnectionString, "--output", json);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("storage requests", run.Output, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        JsonElement root = document.RootElement;
        Assert.Equal(12, root.GetProperty("uploads").GetInt32());
        Assert.Equal(12, root.GetProperty("classified").GetInt32());
        foreach (string figure in new[] { "wallSeconds", "classifierCpuMsPerUpload", "decodeMsPerUpload", "inferenceMsPerUpload", "storageCpuMsPerUpload" })
        {
            Assert.True(root.GetProperty(figure).GetDouble() > 0, $"{figure} is {root.GetProperty(figure)}");
        }

        // Per new upload: the download, the record write (not read first: the upload has no tags yet) and the tag write;
        // plus the listing, the container's creation and the traffic log's blob of each new minute (the warm-up pass, on
        // uploads of its own, made the first). Traffic-log lines that arrive while an append is in flight share the next
        // one, and each classification waits for its own line, so at parallelism 2 an append carries one or two lines:
        // 6 to 12 appends, and up to two new minutes.
        Dictionary<string, int> requests = root.GetProperty("requests").EnumerateArray()
            .ToDictionary(r => r.GetProperty("kind").GetString()!, r => r.GetProperty("count").GetInt32());
        string seen = string.Join(", ", requests.Select(r => $"{r.Key}: {r.Value}"));
        Assert.True(requests.GetValueOrDefault("GET upload") == 12, seen);
        Assert.False(requests.ContainsKey("GET record"), seen);
        Assert.True(requests.GetValueOrDefault("PUT record") == 12, seen);
        Assert.True(requests.GetValueOrDefault("PUT upload") == 12, seen);
        Assert.True(requests.GetValueOrDefault("PUT traffic") is >= 6 and <= 14, seen);
        await foreach (Azure.Storage.Blobs.Models.BlobContainerItem container in azurite.BlobServiceClient.GetBlobContainersAsync(prefix: "bench-"))
        {
            Assert.Fail($"The run left container {container.Name} behind.");
        }
    }

    [Fact]
    public async Task BenchTraining_TinySyntheticSet_SplitsTheStepIntoItsFivePhases()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data, perClass: 4);
        string json = Path.Combine(folder.Path, "training.json");

        CliRun run = await CliRun.RunAsync(null, "bench", "training", "--data", data, "--steps", "2", "--batch-size", "4", "--output", json);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        JsonElement[] phases = [.. document.RootElement.GetProperty("phases").EnumerateArray()];
        Assert.Equal(["gather batch", "augment", "forward + loss", "backward", "optimiser update"], phases.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(1.0, phases.Sum(p => p.GetProperty("share").GetDouble()), 6);
        Assert.All(phases, p => Assert.True(p.GetProperty("msPerStep").GetDouble() > 0));
        Assert.True(document.RootElement.GetProperty("forwardGflopPerImage").GetDouble() > 0);
        AssertPositive(document.RootElement.GetProperty("step"));
        Assert.Contains("of the limit", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchLargePhotos_TinySyntheticSet_MeasuresEachSizeUnderEachVersion()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data, perClass: 2);
        string json = Path.Combine(folder.Path, "large.json");

        CliRun run = await CliRun.RunAsync(null, "bench", "large-photos", "--data", data, "--sizes", "400x300", "--photos", "2", "--images", "4", "--output", json);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        JsonElement[] figures = [.. document.RootElement.GetProperty("figures").EnumerateArray()];
        // The catalogue row and one size, each under versions 2 and 1.
        Assert.Equal([(0, 2), (0, 1), (400, 2), (400, 1)], figures.Select(f => (f.GetProperty("width").GetInt32(), f.GetProperty("preprocessingVersion").GetInt32())));
        Assert.All(figures, f =>
        {
            Assert.True(f.GetProperty("preprocess").GetProperty("cpuMsPerImage").GetDouble() > 0);
            AssertPositive(f.GetProperty("classify"));
        });
        Assert.Contains("400x300", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchColdStart_OneRunInAFreshProcess_ReportsEveryPartAndCleansUp()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data, perClass: 1);
        string json = Path.Combine(folder.Path, "cold.json");

        CliRun run = await CliRun.RunAsync(null, "bench", "cold-start", "--data", data, "--runs", "1", "--worker-startup-ms", "123",
            "--storage", azurite.ConnectionString, "--output", json);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("worker start-up through the protocol host", run.Output, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        JsonElement median = document.RootElement.GetProperty("median");
        foreach (string part in new[] { "runtimeStartMs", "firstRequestMs", "downloadMs", "hashCheckMs", "sessionMs", "firstInferenceMs", "firstUploadStorageMs", "modelCpuMs", "processCpuMs" })
        {
            Assert.True(median.GetProperty(part).GetDouble() > 0, $"{part} is {median.GetProperty(part)}");
        }

        Assert.Equal(123, document.RootElement.GetProperty("workerStartupMs").GetDouble());
        Assert.Equal(123 + median.GetProperty("totalMs").GetDouble(), document.RootElement.GetProperty("totalMs").GetDouble(), 3);
        await foreach (Azure.Storage.Blobs.Models.BlobContainerItem container in azurite.BlobServiceClient.GetBlobContainersAsync(prefix: "bench-"))
        {
            Assert.Fail($"The run left container {container.Name} behind.");
        }
    }

    [Fact]
    public async Task BenchServing_UnknownStorageProcess_ExitsWithUsageCode()
    {
        using var folder = new TemporaryFolder();

        CliRun run = await CliRun.RunAsync(null, "bench", "serving", "--data", folder.Path, "--storage-pid", "999999999", "--storage", azurite.ConnectionString);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--storage-pid", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_MissingDataFolder_ExitsWithDataCodeAndNamesTheFolder()
    {
        using var folder = new TemporaryFolder();
        string missing = Path.Combine(folder.Path, "no-such-folder");

        CliRun run = await CliRun.RunAsync(null, "bench", "--data", missing);

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains(missing, run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("does not exist", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_BadBatchSizes_ExitsWithUsageCode()
    {
        using var folder = new TemporaryFolder();

        CliRun run = await CliRun.RunAsync(null, "bench", "--data", folder.Path, "--batch-sizes", "1,zero");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'zero'", run.ErrorLine, StringComparison.Ordinal);
    }

    private static void AssertPositive(JsonElement figure)
    {
        string name = figure.GetProperty("name").GetString()!;
        foreach (string property in new[] { "operations", "imagesPerSecond", "meanMs", "p50Ms", "p95Ms" })
        {
            Assert.True(figure.GetProperty(property).GetDouble() > 0, $"{name}: {property} is {figure.GetProperty(property)}");
        }

        Assert.True(figure.GetProperty("p95Ms").GetDouble() >= figure.GetProperty("p50Ms").GetDouble(), $"{name}: p95 below p50");
    }
}
