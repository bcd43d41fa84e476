using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>
/// Runs the real hook scripts of infra/hooks with <c>az</c>, <c>azd</c> and <c>dotnet</c> replaced by the recording
/// fakes in Hooks/FakeCli (no Azure account is reachable from the tests). The POSIX hooks run under <c>/bin/sh</c>,
/// their PowerShell twins under the pwsh restored as a local dotnet tool (this project's dotnet-tools.json).
/// Each sandbox has its own folders; <see cref="RunTwins"/> runs a scenario in both shells and checks that the
/// twins made the same calls, uploaded the same files and exited alike.
/// </summary>
public sealed partial class HookSandbox : IDisposable
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    // Variables of the machine running the tests that would leak into a scenario.
    private static readonly string[] ScenarioPrefixes =
        ["AZURE_", "FIRST_RUN_", "HOOK_", "FAKE_", "SKIP_TRAINER_", "TRAINER_IMAGE", "UPLOADS_", "PIPELINE_", "RETRAINING_", "DEPLOY_EVENTGRID"];

    // The fake dotnet on PATH would answer `dotnet tool run pwsh` itself, so pwsh is started through the real one.
    private static readonly Lazy<string> RealDotnet = new(() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(folder => Path.Combine(folder, "dotnet"))
                .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("No dotnet executable on PATH."));

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"hooks-{Guid.NewGuid():N}");
    private readonly string _bin;
    private readonly string _state;
    private readonly string _log;

    public HookSandbox()
    {
        _bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        _state = Path.Combine(_root, "state");
        _log = Path.Combine(_root, "calls.log");
        TempFolder = Path.Combine(_root, "tmp");
        foreach (string fake in Directory.GetFiles(RepositoryPaths.InRepository("tests", "FashionServerless.Infra.Tests", "Hooks", "FakeCli")))
        {
            string target = Path.Combine(_bin, Path.GetFileName(fake));
            File.Copy(fake, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        // What the azd environment holds after `azd provision` (main.bicep's outputs), and no waiting between tries.
        Variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_APP_NAME"] = "func-test",
            ["AZURE_CONTAINER_REGISTRY_NAME"] = "crtest",
            ["AZURE_CONTAINER_REGISTRY_ENDPOINT"] = "crtest.azurecr.io",
            ["PIPELINE_STORAGE_ACCOUNT_NAME"] = "stpipetest",
            ["PIPELINE_STORAGE_BLOB_ENDPOINT"] = "https://stpipetest.blob.core.windows.net/",
            ["UPLOADS_SYSTEM_TOPIC_NAME"] = "evgt-test",
            ["UPLOADS_EVENT_SUBSCRIPTION_NAME"] = "uploads-blob-created",
            ["RETRAINING_JOB_NAME"] = "job-retrain-test",
            ["HOOK_RETRY_DELAY_SECONDS"] = "0",
            ["FIRST_RUN_POLL_SECONDS"] = "0",
        };
    }

    /// <summary>Environment of the hook: azd's values plus the FAKE_* switches of the scenario.</summary>
    public Dictionary<string, string> Variables { get; }

    /// <summary>The hooks' temporary folder (TMPDIR), emptied before each run; staging folders must not outlive a run.</summary>
    public string TempFolder { get; }

    /// <summary>A folder of this sandbox for the scenario's photos.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, "data", name)).FullName;

    /// <summary>Writes <paramref name="count"/> small files into <c>folder/className</c>, named <c>prefix1.jpg</c>...</summary>
    public static void AddPhotos(string folder, string className, int count, string prefix = "img")
    {
        string classFolder = Directory.CreateDirectory(Path.Combine(folder, className)).FullName;
        for (int i = 1; i <= count; i++)
        {
            File.WriteAllText(Path.Combine(classFolder, $"{prefix}{i}.jpg"), $"{className} {i}");
        }
    }

    /// <summary>Runs infra/hooks/<paramref name="hook"/>.sh and its .ps1 twin and checks that they behaved alike.</summary>
    public HookPair RunTwins(string hook, string[] posixArguments, string[] powerShellArguments)
    {
        HookRun posix = Run(HookShell.Posix, hook, posixArguments);
        HookRun powerShell = Run(HookShell.PowerShell, hook, powerShellArguments);

        Assert.True(
            posix.Calls.SequenceEqual(powerShell.Calls) && posix.ExitCode == powerShell.ExitCode,
            $"The twins of {hook} behaved differently.\n\n{posix}\n\n{powerShell}");
        Assert.Equal(posix.Uploads.Keys.Order(StringComparer.Ordinal), powerShell.Uploads.Keys.Order(StringComparer.Ordinal));
        foreach ((string container, string[] files) in posix.Uploads)
        {
            Assert.Equal(files, powerShell.Uploads[container]);
        }

        return new HookPair(posix, powerShell);
    }

    public HookRun Run(HookShell shell, string hook, params string[] arguments)
    {
        foreach (string folder in new[] { _state, TempFolder })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(_log, string.Empty);
        ProcessStartInfo start = shell == HookShell.Posix
            ? new ProcessStartInfo("/bin/sh") { ArgumentList = { RepositoryPaths.InRepository("infra", "hooks", $"{hook}.sh") } }
            : new ProcessStartInfo(RealDotnet.Value)
            {
                // `dotnet tool run` finds this project's tool manifest from the working directory.
                WorkingDirectory = RepositoryPaths.InRepository("tests", "FashionServerless.Infra.Tests"),
                ArgumentList = { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File", RepositoryPaths.InRepository("infra", "hooks", $"{hook}.ps1") },
            };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment.Clear();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            string name = (string)variable.Key;
            if (!ScenarioPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                start.Environment[name] = (string?)variable.Value;
            }
        }

        foreach ((string name, string value) in Variables)
        {
            start.Environment[name] = value;
        }

        start.Environment["PATH"] = $"{_bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["TMPDIR"] = TempFolder;
        start.Environment["FAKE_CLI_LOG"] = _log;
        start.Environment["FAKE_CLI_STATE"] = _state;

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(RunLimit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{hook} ({shell}) did not finish within {RunLimit}; a retry loop is unbounded.\n{output}");
        }

        process.WaitForExit();
        var uploads = Directory.GetFiles(_state, "upload-*.txt").ToDictionary(
            file => Path.GetFileNameWithoutExtension(file)["upload-".Length..],
            file => File.ReadAllLines(file),
            StringComparer.Ordinal);
        var calls = File.ReadAllLines(_log).Select(call => ImageTag().Replace(call, "fashion-trainer:<tag>")).ToList();
        return new HookRun(shell, process.ExitCode, output.ToString(), calls, uploads);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"fashion-trainer:\d{14}\b")]
    private static partial Regex ImageTag();
}
