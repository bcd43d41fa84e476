using FashionServerless.Shared.Storage;
using FashionServerless.Trainer.Cli;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>Runs the real command tree in-process with captured output, as the process would (but not interactive).</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(BlobLayoutOptions? layout, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await TrainerCli.RunAsync(args, new CliSettings(output, error, layout ?? new BlobLayoutOptions(), Interactive: false));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The error output is exactly one line.</summary>
    public string ErrorLine
    {
        get
        {
            string[] lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, $"Expected one error line, got {lines.Length}:\n{Error}\nOutput:\n{Output}");
            return lines[0];
        }
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
