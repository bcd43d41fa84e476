using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Trainer.Benchmarks;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// <c>bench cold-start</c>: from an empty instance to the first classified upload. The model is published and one
/// photo uploaded in containers of the run's own; then each run starts a fresh <c>fashion-trainer</c> process that
/// loads the model the way a serving instance does and classifies the upload, timing each part (<see cref="ColdStartProbe"/>).
/// The Functions worker's own start-up through the protocol host is measured elsewhere and can be added with
/// <c>--worker-startup-ms</c>.
/// </summary>
internal static class BenchColdStartCommand
{
    private const string UploadName = "cold/photo.jpg";

    public static Command Create(CliSettings settings)
    {
        Option<string> data = BenchInputs.DataOption();
        Option<string?> model = BenchInputs.ModelOption();
        Option<int?> preprocessingVersion = BenchInputs.PreprocessingVersionOption();
        var runs = new Option<int>("--runs") { Description = "Cold starts, each in a fresh process; the table shows the median of each part.", DefaultValueFactory = _ => 5 };
        var workerStartup = new Option<double?>("--worker-startup-ms")
        {
            Description = "The Functions worker's start-up through the protocol host, in ms, measured by the host harness; added to the total.",
        };
        Option<string?> output = BenchCommand.OutputOption();
        // The child process's side: which containers to use, where to write its run, and when the parent started it.
        var probe = new Option<string?>("--probe") { Hidden = true };
        var probeRun = new Option<int>("--probe-run") { Hidden = true };
        var probeOutput = new Option<string?>("--probe-output") { Hidden = true };
        var probeStarted = new Option<long>("--probe-started") { Hidden = true };
        var command = new Command("cold-start",
            "Measure a cold start: fresh processes that each load the promoted model (download, hash check, session) and classify one upload, as a serving instance does.")
        {
            data, model, preprocessingVersion, runs, workerStartup, output, probe, probeRun, probeOutput, probeStarted,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            if (parse.GetValue(probe) is string id)
            {
                double runtimeStartMs = (DateTime.UtcNow - new DateTime(parse.GetValue(probeStarted), DateTimeKind.Utc)).TotalMilliseconds;
                var containers = new BenchContainers(context.Storage, id);
                ColdStartRun run = await ColdStartProbe.RunAsync(context.Storage, containers.Layout($"predictions{parse.GetValue(probeRun)}"), UploadName,
                    runtimeStartMs, cancellationToken);
                await File.WriteAllBytesAsync(parse.GetRequiredValue(probeOutput)!, ManifestJson.SerializeToUtf8Bytes(run), cancellationToken);
                return ExitCodes.Success;
            }

            if (parse.GetValue(runs) < 1)
            {
                throw new CliFailure(ExitCodes.Usage, "--runs must be at least 1.");
            }

            using BenchInputs inputs = await BenchInputs.LoadAsync(context, parse.GetRequiredValue(data), parse.GetValue(model), parse.GetValue(preprocessingVersion),
                maxImages: 1, cancellationToken);
            var bench = BenchContainers.Create(context.Storage);
            var measured = new List<ColdStartRun>();
            try
            {
                await PrepareAsync(context.Storage, bench, inputs, cancellationToken);
                for (int run = 0; run < parse.GetValue(runs); run++)
                {
                    context.Info($"Cold start {run + 1} of {parse.GetValue(runs)}: a fresh process loads the model and classifies {UploadName} ...");
                    bench.Remember($"predictions{run}");
                    measured.Add(await RunChildAsync(context, bench.Id, run, cancellationToken));
                }
            }
            finally
            {
                await bench.DeleteAsync(CancellationToken.None);
            }

            var report = new ColdStartReport(DateTimeOffset.UtcNow, MachineFacts.Current(), inputs.Facts, inputs.OnnxModel.LongLength, measured, Median(measured),
                parse.GetValue(workerStartup));
            context.Result(BenchTable.FormatColdStart(report));
            context.Event("bench_cold_start", report);
            await BenchCommand.WriteJsonAsync(context, parse.GetValue(output), report, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task PrepareAsync(BlobServiceClient storage, BenchContainers bench, BenchInputs inputs, CancellationToken cancellationToken)
    {
        BlobContainerClient uploads = await bench.CreateAsync("uploads", cancellationToken);
        await uploads.GetBlobClient(UploadName).UploadAsync(BinaryData.FromBytes(inputs.Images.Encoded[0]), overwrite: true, cancellationToken);
        bench.Remember("models");
        var registry = new ModelRegistry(storage, bench.Layout());
        await registry.PublishAsync(inputs.Manifest, BinaryData.FromBytes(inputs.OnnxModel), cancellationToken: cancellationToken);
        await registry.PromoteAsync(inputs.Manifest.Version, cancellationToken);
    }

    private static async Task<ColdStartRun> RunChildAsync(CliContext context, string id, int run, CancellationToken cancellationToken)
    {
        string result = Path.Combine(Path.GetTempPath(), $"fashion-trainer-cold-start-{id}-{run}.json");
        (string fileName, List<string> arguments) = SelfLauncher();
        arguments.AddRange(["bench", "cold-start", "--data", ".", "--quiet", "--probe", id, "--probe-run", run.ToString(CultureInfo.InvariantCulture), "--probe-output", result]);
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The setting may hold an account key, so it goes through the environment, never the command line; without one
        // the child inherits this process's PipelineStorage settings.
        if (context.StorageSetting is { } storage)
        {
            start.Environment[StorageSettings.TrainerEnvironmentVariable] = storage;
        }
        try
        {
            DateTime spawned = DateTime.UtcNow;
            start.ArgumentList.Add("--probe-started");
            start.ArgumentList.Add(spawned.Ticks.ToString(CultureInfo.InvariantCulture));
            using Process child = Process.Start(start) ?? throw new CliFailure(ExitCodes.Generic, $"Could not start '{fileName}'.");
            Task<string> stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = child.StandardError.ReadToEndAsync(cancellationToken);
            await child.WaitForExitAsync(cancellationToken);
            if (child.ExitCode != ExitCodes.Success)
            {
                throw new CliFailure(ExitCodes.Generic, $"Cold start {run + 1} failed (exit {child.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}");
            }

            return ManifestJson.Deserialize<ColdStartRun>(await File.ReadAllBytesAsync(result, cancellationToken), result);
        }
        finally
        {
            File.Delete(result);
        }
    }

    /// <summary>How to start this trainer again: the same dotnet host with the trainer's assembly, or its own executable.</summary>
    private static (string FileName, List<string> Arguments) SelfLauncher()
    {
        string assembly = typeof(TrainerCli).Assembly.Location;
        string? host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return (host, [assembly]);
        }

        string executable = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        return File.Exists(executable) ? (executable, []) : ("dotnet", [assembly]);
    }

    private static ColdStartRun Median(IReadOnlyList<ColdStartRun> runs) => new(
        Median(runs, r => r.RuntimeStartMs), Median(runs, r => r.FirstRequestMs), Median(runs, r => r.DownloadMs), Median(runs, r => r.HashCheckMs), Median(runs, r => r.SessionMs),
        Median(runs, r => r.ModelOtherMs), Median(runs, r => r.FirstInferenceMs), Median(runs, r => r.FirstUploadStorageMs))
    {
        FirstRequestCpuMs = Median(runs, r => r.FirstRequestCpuMs),
        ModelCpuMs = Median(runs, r => r.ModelCpuMs),
        FirstUploadCpuMs = Median(runs, r => r.FirstUploadCpuMs),
        ProcessCpuMs = Median(runs, r => r.ProcessCpuMs),
    };

    private static double Median(IReadOnlyList<ColdStartRun> runs, Func<ColdStartRun, double> part)
    {
        double[] sorted = [.. runs.Select(part).Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
