using System.Diagnostics;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Security;

namespace FashionServerless.Shared.Tests.Security;

/// <summary>
/// No credential is committed. Every tracked file is scanned; the only key allowed is Azurite's published development
/// key, and only in local and test configuration (the test projects, the sample local settings, the local scripts).
/// </summary>
public sealed class RepositorySecretsTests
{
    [SkippableFact]
    public void TrackedFiles_NoSecretOutsideLocalAndTestConfiguration()
    {
        string[] files = TrackedFiles();
        Skip.If(files.Length == 0, "Not a git checkout (no tracked files to scan).");
        var found = new List<string>();
        int scanned = 0;
        foreach (string file in files)
        {
            string full = Path.Combine(RepositoryRoot.Path, file);
            if (!File.Exists(full) || IsBinary(full))
            {
                continue;
            }

            scanned++;
            foreach ((string kind, string match) in SecretScanner.Find(File.ReadAllText(full)))
            {
                if (!(SecretScanner.IsAzuriteDevelopmentKey(match) && IsLocalOrTestConfiguration(file)))
                {
                    found.Add($"{file}: {kind} ({match[..Math.Min(match.Length, 24)]}...)");
                }
            }
        }

        Assert.True(scanned > 100, $"Only {scanned} text files scanned: the scan is not looking at the repository.");
        Assert.True(found.Count == 0, "Secrets in tracked files:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prod;AccountKey={key};EndpointSuffix=core.windows.net", "connection string with a key")]
    [InlineData("key: {key}", "storage account key")]
    [InlineData("https://prod.blob.core.windows.net/uploads/a.jpg?sv=2024-11-04&se=2026-01-01&sp=r&sig={sig}", "SAS token")]
    // Split, so this file does not hold what it tests for.
    [InlineData("-----BEGIN RSA PRIVATE " + "KEY-----", "private key")]
    public void Find_CredentialShapes_AreFound(string template, string kind)
    {
        // A key of the real shape, made now: a committed example would itself be a finding.
        string key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        string sig = Uri.EscapeDataString(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        Assert.Contains(SecretScanner.Find(template.Replace("{key}", key, StringComparison.Ordinal).Replace("{sig}", sig, StringComparison.Ordinal)), f => f.Kind == kind);
    }

    [Fact]
    public void Find_IntegrityHashAndAzuriteKey_IntegrityIsNoSecretAndAzuriteIsRecognised()
    {
        string hash = "sha512-" + Convert.ToBase64String(new byte[64]);

        Assert.Empty(SecretScanner.Find($"\"integrity\": \"{hash}\""));
        Assert.All(SecretScanner.Find($"AccountKey={SecretScanner.AzuriteDevelopmentKey};"), f => Assert.True(SecretScanner.IsAzuriteDevelopmentKey(f.Match)));
        Assert.False(IsLocalOrTestConfiguration("infra/main.bicep"));
        Assert.False(IsLocalOrTestConfiguration("functions/appsettings.json"));
    }

    /// <summary>Where the development key may appear: test code and fixtures, local settings samples, local scripts.</summary>
    private static bool IsLocalOrTestConfiguration(string file) =>
        file.StartsWith("tests/", StringComparison.Ordinal)
        || Path.GetFileName(file).StartsWith("local.settings", StringComparison.Ordinal)
        || file is "demo.sh" or "test.sh";

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[8000];
        using FileStream stream = File.OpenRead(path);
        int read = stream.Read(head);
        return head[..read].Contains((byte)0);
    }

    private static string[] TrackedFiles()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", RepositoryRoot.Path, "ls-files", "-z"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string listing = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? listing.Split('\0', StringSplitOptions.RemoveEmptyEntries) : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
