using System.Text.Json;
using Azure.Storage.Blobs.Models;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Models;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Tests.Publishing;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>The CI-sized run of <c>bench timer</c>; the README's figures come from the same command at 10,000 and 100,000 records.</summary>
public sealed class TimerBenchCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task BenchTimer_SmallTraffic_TimesThreeRunsCountingEachRecordOnceAndCleansUp()
    {
        using TestModel model = GateModels.Good();
        using var folder = new TemporaryFolder();
        string json = Path.Combine(folder.Path, "timer.json");

        CliRun run = await CliRun.RunAsync(null, "bench", "timer", "--records", "400", "--rate", "5", "--writers", "3", "--model", model.Directory,
            "--output", json, "--storage", azurite.ConnectionString);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("records logged", run.Output, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
        JsonElement[] rows = [.. document.RootElement.GetProperty("rows").EnumerateArray()];
        Assert.Equal([400L, 0L, 40L], rows.Select(r => r.GetProperty("recordsCounted").GetInt64()));
        Assert.Equal([400L, 400L, 440L], rows.Select(r => r.GetProperty("history").GetInt64()));
        Assert.All(rows, r => Assert.True(r.GetProperty("wallSeconds").GetDouble() > 0));
        // 400 records at 5/s fill 80 s, so two or three minutes of each of three writers: a handful of log blobs, and a
        // run with nothing new reads none of them (it lists and compares lengths).
        long[] requests = [.. rows.Select(r => r.GetProperty("storageRequests").GetInt64())];
        Assert.True(requests[1] < requests[0], $"requests per run: {string.Join(", ", requests)}");
        Assert.True(rows[1].GetProperty("bytesRead").GetInt64() < rows[0].GetProperty("bytesRead").GetInt64() / 4);
        // Its own containers only (bench<8 hex>-*): other bench modes' tests (bench-<id>-*) may be running on the same Azurite.
        await foreach (BlobContainerItem container in azurite.BlobServiceClient.GetBlobContainersAsync(prefix: "bench"))
        {
            Assert.False(container.Name.Length > 14 && container.Name[13] == '-' && container.Name[5..13].All(char.IsAsciiHexDigitLower),
                $"bench container {container.Name} was left behind");
        }
    }
}
