using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>Runs the Bicep CLI restored from NuGet.</summary>
public static partial class BicepCli
{
    public static BicepRun Run(params string[] arguments)
    {
        string executable = RepositoryPaths.BicepExecutable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not at {executable}; run `dotnet restore tests/FashionServerless.Infra.Tests`.", executable);
        }

        EnsureExecutable(executable);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        string output = standardOutput.GetAwaiter().GetResult();
        string error = standardError.GetAwaiter().GetResult();
        var diagnostics = DiagnosticLine().Matches(output + "\n" + error)
            .Select(match => new BicepDiagnostic(match.Groups["location"].Value, match.Groups["level"].Value, match.Groups["code"].Value, match.Groups["message"].Value.Trim()))
            .ToList();
        return new BicepRun(process.ExitCode, output, error, diagnostics);
    }

    // NuGet extraction does not always keep the execute bit (e.g. packages restored on another OS or by some caches).
    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    [GeneratedRegex(@"^(?<location>\S.*?\(\d+,\d+\)) : (?<level>Error|Warning|Info) (?<code>[\w-]+): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
