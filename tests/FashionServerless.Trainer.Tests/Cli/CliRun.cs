using FashionServerless.Shared.Storage;
using FashionServerless.Trainer.Cli;
using Microsoft.Extensions.Configuration;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>Runs the real command tree in-process with captured output, as the process would (but not interactive).</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs with the container names of <paramref name="layout"/> as the process's only settings (the defaults when null).</summary>
    public static Task<CliRun> RunAsync(BlobLayoutOptions? layout, params string[] args) => RunWithSettingsAsync(SettingsFor(layout), args);

    /// <summary>Runs with <paramref name="settings"/> as the process's environment.</summary>
    public static async Task<CliRun> RunWithSettingsAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        int exitCode = await TrainerCli.RunAsync(args, new CliSettings(output, error, Interactive: false, configuration));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The <c>FashionServerless__Blobs__*</c> settings naming <paramref name="layout"/>'s containers.</summary>
    public static Dictionary<string, string?> SettingsFor(BlobLayoutOptions? layout)
    {
        var settings = new Dictionary<string, string?>();
        if (layout is not null)
        {
            foreach (string property in new[] { "Uploads", "Predictions", "Models", "Training", "Evaluation", "Metrics" })
            {
                settings[$"{BlobLayoutOptions.SectionName}:{property}"] = (string?)typeof(BlobLayoutOptions).GetProperty(property)!.GetValue(layout);
            }
        }

        return settings;
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
