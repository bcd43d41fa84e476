namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>The two shells azd runs hooks with: <c>sh</c> on Linux and macOS, <c>pwsh</c> on Windows.</summary>
public enum HookShell
{
    Posix,
    PowerShell,
}
