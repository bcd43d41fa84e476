using FashionServerless.Trainer.Cli;

namespace FashionServerless.Trainer.Tests.Cli;

public sealed class SynthCommandTests
{
    [Fact]
    public async Task Synth_GivenClassesAndCount_WritesClassFolderLayout()
    {
        using var folder = new TemporaryFolder();

        CliRun run = await CliRun.RunAsync(null, "synth", "--output", folder.Path, "--per-class", "3", "--size", "32", "--classes", "black_dress,blue_shoes");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["black_dress", "blue_shoes"], Directory.GetDirectories(folder.Path).Select(Path.GetFileName).Order());
        Assert.All(Directory.GetDirectories(folder.Path), d => Assert.Equal(3, Directory.GetFiles(d, "*.jpg").Length));
        Assert.Contains("Wrote 6 images", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synth_BadClassName_ExitsWithDataCode()
    {
        using var folder = new TemporaryFolder();

        CliRun run = await CliRun.RunAsync(null, "synth", "--output", folder.Path, "--classes", "dress");

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains("dress", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_OnEveryCommand_PrintsUsageAndExitsZero()
    {
        foreach (string command in new[] { "synth", "upload", "train", "evaluate", "publish", "promote", "rollback", "list", "classify", "predictions", "bench" })
        {
            CliRun run = await CliRun.RunAsync(null, command, "--help");
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        }

        CliRun root = await CliRun.RunAsync(null, "--help");
        Assert.Contains("Exit codes:", root.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsWithUsageCodeAndOneLine()
    {
        CliRun run = await CliRun.RunAsync(null, "synth", "--output", "x", "--bogus");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--bogus", run.ErrorLine, StringComparison.Ordinal);
    }
}
