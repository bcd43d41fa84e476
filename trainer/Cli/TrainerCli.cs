using System.CommandLine;

namespace FashionServerless.Trainer.Cli;

/// <summary>The <c>fashion-trainer</c> command line: builds the command tree and runs one invocation.</summary>
internal static class TrainerCli
{
    public static RootCommand Build(CliSettings settings)
    {
        var root = new RootCommand(
            "fashion-trainer: trains, evaluates, publishes and serves the FashionServerless apparel classifier. " + ExitCodes.HelpText);
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(SynthCommand.Create(settings));
        root.Subcommands.Add(UploadCommand.Create(settings));
        root.Subcommands.Add(TrainCommand.Create(settings));
        root.Subcommands.Add(EvaluateCommand.Create(settings));
        root.Subcommands.Add(PublishCommand.Create(settings));
        root.Subcommands.Add(PromoteCommand.Create(settings));
        root.Subcommands.Add(RollbackCommand.Create(settings));
        root.Subcommands.Add(ListCommand.Create(settings));
        root.Subcommands.Add(ClassifyCommand.Create(settings));
        root.Subcommands.Add(PredictionsCommand.Create(settings));
        root.Subcommands.Add(FeedbackCommand.Create(settings));
        root.Subcommands.Add(ReportCommand.Create(settings));
        root.Subcommands.Add(BenchCommand.Create(settings));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(settings);
        RootCommand root = Build(settings);
        ParseResult parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            string command = parseResult.CommandResult.Command == root ? "" : " " + parseResult.CommandResult.Command.Name;
            await settings.Error.WriteLineAsync($"error: {parseResult.Errors[0].Message} (see 'fashion-trainer{command} --help')");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = settings.Output,
            Error = settings.Error,
            EnableDefaultExceptionHandler = false,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }
}
