using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Build;

/// <summary>
/// The CI-sized run of tools/bench/cold-start.sh, the cold-start benchmark the README's figures come from: on the
/// published app, with a small seeded model, it must reach the first classified upload and print its timings.
/// </summary>
[Collection(PublishedAppTestGroup.Name)]
public sealed partial class ColdStartBenchmarkTests(PublishedFunctionsFixture published)
{
    [SkippableFact]
    public async Task ColdStart_PublishedAppAndModel_PrintsWorkerStartAndFirstUploadTimes()
    {
        // The script runs its own emulator on the default port, as `func start` users do; a developer's running one is left alone.
        Skip.If(PortInUse(10000), "Port 10000 is in use (a storage emulator is running); the benchmark starts its own there.");
        using TestModel model = TestModels.CreateSeededConvNet(seed: 4);
        string photo = Path.Combine(model.Directory, "photo.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.Jpeg(480, 640, new Rgb24(20, 30, 120), quality: 90));

        (int exitCode, string output) = await RunAsync(
            "tools/bench/cold-start.sh", "--model-dir", model.Directory, "--photo", photo, "--rounds", "1", published.Directory);

        Assert.True(exitCode == 0, output);
        Match timing = Assert.Single(TimingLine().Matches(output));
        Assert.InRange(double.Parse(timing.Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture), 0.01, 120);
        Assert.Equal(2, output.Split('\n').Count(line => line.StartsWith("machine:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ColdStart_NoModel_ExitsWithUsageNamingWhatIsMissing()
    {
        (int exitCode, string output) = await RunAsync("tools/bench/cold-start.sh", "--model-dir", "/nonexistent", "--photo", "/nonexistent");

        Assert.Equal(2, exitCode);
        Assert.Contains("--model-dir must hold model.onnx and manifest.json", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"functions loaded after [0-9.]+ s, first upload [0-9]+ ms, total (?<total>[0-9.]+) s")]
    private static partial Regex TimingLine();

    private static bool PortInUse(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
