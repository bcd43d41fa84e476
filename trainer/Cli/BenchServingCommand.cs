using System.CommandLine;
using System.Diagnostics;
using FashionServerless.Shared.Predictions;
using FashionServerless.Trainer.Benchmarks;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// <c>bench serving</c>: CPU and storage requests per upload of the classification path (the blob trigger's
/// <c>UploadClassifier</c>, driven by the backfill) on real photos in real storage, split into decode + preprocess,
/// inference and the rest.
/// </summary>
internal static class BenchServingCommand
{
    public static Command Create(CliSettings settings)
    {
        Option<string> data = BenchInputs.DataOption();
        Option<string?> model = BenchInputs.ModelOption();
        Option<int?> preprocessingVersion = BenchInputs.PreprocessingVersionOption();
        var uploads = new Option<int>("--uploads") { Description = "Photos to upload and classify (round-robin over the class folders).", DefaultValueFactory = _ => 1000 };
        var parallelism = new Option<int>("--parallelism") { Description = "Uploads classified at once (the backfill's and the Functions host's default).", DefaultValueFactory = _ => UploadBackfill.DefaultParallelism };
        var storagePid = new Option<int?>("--storage-pid")
        {
            Description = "Process id of the storage server (Azurite's node process) on this machine, to add its CPU time per upload.",
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the run's bench-<id>-* containers instead of deleting them." };
        Option<string?> output = BenchCommand.OutputOption();
        var command = new Command("serving",
            "Measure the serving path against storage (--storage; default Azurite): CPU per upload of this process and of the storage server, "
            + "uploads/s, storage requests per upload, and where the CPU went. Works in containers of its own (bench-<id>-*).")
        {
            data, model, preprocessingVersion, uploads, parallelism, storagePid, keep, output,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            if (parse.GetValue(uploads) < 1 || parse.GetValue(parallelism) < 1)
            {
                throw new CliFailure(ExitCodes.Usage, "--uploads and --parallelism must be at least 1.");
            }

            using Process? storageProcess = parse.GetValue(storagePid) is int pid ? OpenProcess(pid) : null;
            using BenchInputs inputs = await BenchInputs.LoadAsync(context, parse.GetRequiredValue(data), parse.GetValue(model), parse.GetValue(preprocessingVersion),
                parse.GetValue(uploads), cancellationToken);
            var containers = BenchContainers.Create(context.Storage);
            var tally = new StorageRequestTally(containers.Roles(("uploads", "upload"), ("predictions", "record"), ("warmup", "record"), ("models", "registry"), ("metrics", "traffic")));
            ServingMeasurement measured;
            try
            {
                measured = await ServingBenchmark.RunAsync(context.Storage, context.OpenStorage(tally), containers, tally, inputs.Images,
                    (inputs.OnnxModel, inputs.Manifest), parse.GetValue(parallelism), storageProcess, context.Info, cancellationToken);
            }
            finally
            {
                if (parse.GetValue(keep))
                {
                    context.Info($"Kept the containers bench-{containers.Id}-*.");
                }
                else
                {
                    await containers.DeleteAsync(CancellationToken.None);
                }
            }

            var report = new ServingReport(DateTimeOffset.UtcNow, MachineFacts.Current(), inputs.Data, inputs.Facts, parse.GetValue(parallelism),
                measured.Uploads, measured.Classified, measured.WallSeconds, measured.WarmUpCpuMsPerUpload, measured.ClassifierCpuMsPerUpload, measured.StorageCpuMsPerUpload,
                measured.DecodeMsPerUpload, measured.InferenceMsPerUpload, measured.Requests);
            context.Result(BenchTable.FormatServing(report));
            context.Event("bench_serving", report);
            await BenchCommand.WriteJsonAsync(context, parse.GetValue(output), report, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Process OpenProcess(int pid)
    {
        try
        {
            Process process = Process.GetProcessById(pid);
            _ = process.TotalProcessorTime;
            return process;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new CliFailure(ExitCodes.Usage, $"--storage-pid {pid}: no process whose CPU time can be read ({ex.Message}).", ex);
        }
    }
}
