namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>
/// One run of a hook script against the fake CLIs: its exit code, its output (stdout and stderr together),
/// the CLI calls it made in order, and what the fake trainer uploaded to each container.
/// </summary>
public sealed record HookRun(HookShell Shell, int ExitCode, string Output, IReadOnlyList<string> Calls, IReadOnlyDictionary<string, string[]> Uploads)
{
    public override string ToString() =>
        $"{Shell} exited {ExitCode}\n--- calls ---\n{string.Join('\n', Calls)}\n--- output ---\n{Output}";
}
