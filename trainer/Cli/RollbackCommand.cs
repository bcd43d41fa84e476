using System.CommandLine;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>rollback</c>: points current back at the version that served before it.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliSettings settings)
    {
        var command = new Command("rollback", "Point 'current' back at the previously current version (a second rollback undoes the first).");
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            ModelRegistry registry = context.Registry;
            CurrentModel? before = await registry.GetCurrentAsync(cancellationToken)
                ?? throw new CliFailure(ExitCodes.Model, "Nothing to roll back: no model is current yet.");
            if (before.Content.PreviousVersion is null)
            {
                throw new CliFailure(ExitCodes.Model, $"Nothing to roll back to: {before.Version} is the first model ever promoted.");
            }

            CurrentModel after = await registry.RollbackAsync(before.ETag, cancellationToken);
            context.Result($"Rolled back: current is now {after.Version} (was {before.Version}).");
            context.Event("rolled_back", new { from = before.Version, to = after.Version });
            return ExitCodes.Success;
        });
        return command;
    }
}
