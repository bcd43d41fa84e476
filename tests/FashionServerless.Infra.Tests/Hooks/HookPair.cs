namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>The same scenario run by a hook and by its twin; the runner has already checked that they agree.</summary>
public sealed record HookPair(HookRun Posix, HookRun PowerShell)
{
    public IEnumerable<HookRun> Both => [Posix, PowerShell];

    /// <summary>The calls both made (they are equal).</summary>
    public IReadOnlyList<string> Calls => Posix.Calls;

    public int ExitCode => Posix.ExitCode;
}
