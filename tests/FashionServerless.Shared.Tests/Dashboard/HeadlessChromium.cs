using System.Diagnostics;

namespace FashionServerless.Shared.Tests.Dashboard;

/// <summary>Debian's Chromium, run headless on a local file: the DOM after load, and every console message the page logged.</summary>
internal static class HeadlessChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser"];

    /// <summary>The browser on PATH (<c>chromium</c>, as Debian's package installs it), or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Loads <paramref name="file"/>; returns the serialised DOM and the console lines (<c>:CONSOLE</c> in Chromium's log).</summary>
    public static async Task<(string Dom, IReadOnlyList<string> Console)> LoadAsync(string browser, string file, params string[] extraArguments)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No sandbox: test runners are often root in containers, where Chromium refuses to start sandboxed.
        foreach (string argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--dump-dom", .. extraArguments,
            new Uri(file).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {browser}.");
        Task<string> dom = process.StandardOutput.ReadToEndAsync();
        Task<string> log = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        string[] console = [.. (await log).Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal))];
        return (await dom, console);
    }
}
