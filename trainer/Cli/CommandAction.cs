using System.CommandLine;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// Runs a command's body with its <see cref="CliContext"/> and host, and turns any failure into one line on stderr and
/// its exit code, so no command can end with a stack trace.
/// </summary>
internal static class CommandAction
{
    public delegate Task<int> Body(CliContext context, ParseResult parseResult, CancellationToken cancellationToken);

    /// <summary>The settings a command's options decide (a renamed container), layered over the process's own.</summary>
    public delegate IEnumerable<KeyValuePair<string, string?>> Settings(ParseResult parseResult);

    public static void Set(Command command, CliSettings settings, Body body, Settings? commandSettings = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            CliContext context;
            try
            {
                context = new CliContext(settings, parseResult);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await settings.Error.WriteLineAsync($"error: cannot open the JSON log: {ex.Message}");
                return ExitCodes.Usage;
            }

            using (context)
            {
                context.Event("start", new { command = command.Name, arguments = parseResult.Tokens.Select(t => t.Value) });
                try
                {
                    BuildHost(context, commandSettings?.Invoke(parseResult) ?? []);
                    int exitCode = await body(context, parseResult, cancellationToken);
                    context.Event("exit", new { exitCode, storageRequests = context.StorageRequests });
                    return exitCode;
                }
                catch (Exception ex)
                {
                    (int exitCode, string message) = FailureClassifier.Classify(ex, context.StorageEndpoint);
                    await settings.Error.WriteLineAsync($"error: {message}");
                    // An unexpected failure is a bug: the machine log keeps the whole exception for whoever reports it.
                    context.Event("error", new { exitCode, message, type = ex.GetType().FullName, detail = exitCode == ExitCodes.Generic ? ex.ToString() : null });
                    return exitCode;
                }
            }
        });
    }

    private static void BuildHost(CliContext context, IEnumerable<KeyValuePair<string, string?>> commandSettings)
    {
        try
        {
            context.BuildHost(commandSettings);
        }
        catch (OptionsValidationException ex)
        {
            throw new CliFailure(ExitCodes.Usage, $"invalid settings: {string.Join(" ", ex.Failures)}", ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new CliFailure(ExitCodes.Usage, $"invalid settings: {string.Join(" ", ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures))}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliFailure(ExitCodes.Storage, ex.Message, ex);
        }
    }
}
