using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using FashionServerless.Trainer.Benchmarks;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// <c>bench timer</c>: the scheduled evaluation's run time against live traffic of a given size, in containers of its
/// own on the storage in use (Azurite by default). For each size: a run over that many new records, a run with nothing
/// new (the history alone), and a run over a tenth as many new records on top of the history.
/// </summary>
internal static class TimerBenchCommand
{
    public static Command Create(CliSettings settings)
    {
        var records = new Option<string>("--records") { Description = "Comma-separated numbers of live-traffic records, each timed in fresh containers.", DefaultValueFactory = _ => "10000,100000" };
        var rate = new Option<int>("--rate") { Description = "Uploads per second the records are spread over (which sets how many log partitions they fill).", DefaultValueFactory = _ => 100 };
        var writers = new Option<int>("--writers") { Description = "Function instances appending to the traffic log at once.", DefaultValueFactory = _ => 4 };
        var model = new Option<string?>("--model") { Description = "The model to promote (model.onnx with manifest.json, or its folder). Default: an untrained reference CNN." };
        Option<string?> output = BenchCommand.OutputOption();
        var keep = new Option<bool>("--keep") { Description = "Keep the benchmark's containers (bench<id>-*) instead of deleting them." };
        var command = new Command("timer",
            "Time the timer function's run (the scheduled evaluation) on N records of live traffic: a first run, a run with nothing new, and one with N/10 new records on top. "
            + "The labelled container is left empty, so the figures are the traffic summary's.")
        {
            records, rate, writers, model, output, keep,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            int[] sizes = ParseSizes(parse.GetRequiredValue(records));
            int perSecond = parse.GetValue(rate), instances = parse.GetValue(writers);
            if (perSecond < 1 || instances < 1)
            {
                throw new CliFailure(ExitCodes.Usage, "--rate and --writers must be at least 1.");
            }

            ModelDirectory? given = parse.GetValue(model) is string path ? await ModelDirectory.ReadAsync(path, cancellationToken) : null;
            using UntrainedReferenceModel? untrained = given is null
                ? UntrainedReferenceModel.Export(TimerBenchTraffic.Schema, Shared.Preprocessing.PreprocessingSpec.Default)
                : null;
            (byte[] onnx, ModelManifest manifest) = given is not null ? (given.OnnxModel, given.Manifest) : (untrained!.OnnxModel, untrained.Manifest);
            var bench = new TimerBench(context, onnx, manifest, perSecond, instances, parse.GetValue(keep));
            var rows = new List<TimerBenchRow>();
            foreach (int size in sizes)
            {
                context.Info($"Timing the timer on {size:N0} records ({perSecond}/s from {instances} writers) in fresh containers ...");
                rows.AddRange(await bench.RunAsync(size, cancellationToken));
            }

            context.Result(Format(rows, context.StorageEndpoint));
            context.Event("bench_timer", new { rows });
            await BenchCommand.WriteJsonAsync(context, parse.GetValue(output), new
            {
                measuredAt = DateTimeOffset.UtcNow,
                machine = MachineFacts.Current(),
                storage = context.StorageEndpoint,
                model = manifest.Version,
                rate = perSecond,
                writers = instances,
                rows,
            }, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static int[] ParseSizes(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int[] sizes = [.. parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 10
            ? n
            : throw new CliFailure(ExitCodes.Usage, $"--records takes whole numbers of at least 10 separated by commas; '{p}' is not one."))];
        return sizes.Length > 0 ? sizes : throw new CliFailure(ExitCodes.Usage, "--records needs at least one number.");
    }

    private static string Format(IReadOnlyList<TimerBenchRow> rows, string? storage)
    {
        var table = new TextTable("records logged", "new since last run", "run wall s", "run CPU s", "storage requests", "MiB read", "records counted");
        foreach (TimerBenchRow row in rows)
        {
            table.Add(row.History.ToString("N0", CultureInfo.InvariantCulture), row.New.ToString("N0", CultureInfo.InvariantCulture),
                row.WallSeconds.ToString("0.00", CultureInfo.InvariantCulture), row.CpuSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                row.StorageRequests.ToString(CultureInfo.InvariantCulture), (row.BytesRead / 1024.0 / 1024.0).ToString("0.00", CultureInfo.InvariantCulture),
                row.RecordsCounted.ToString("N0", CultureInfo.InvariantCulture));
        }

        return $"Timer run time against {storage ?? "storage"} (model loaded before timing; empty labelled container):\n{table}";
    }

    /// <summary>One size: its own containers, model and traffic log, and the three timed runs.</summary>
    private sealed class TimerBench(CliContext context, byte[] onnx, ModelManifest manifest, int rate, int writers, bool keep)
    {
        public async Task<IReadOnlyList<TimerBenchRow>> RunAsync(int size, CancellationToken cancellationToken)
        {
            BlobServiceClient storage = context.Storage;
            string id = "bench" + Guid.NewGuid().ToString("N")[..8];
            var layout = new BlobLayoutOptions
            {
                Uploads = $"{id}-uploads", Predictions = $"{id}-predictions", Models = $"{id}-models",
                Training = $"{id}-training", Evaluation = $"{id}-evaluation", Metrics = $"{id}-metrics",
            };
            BlobContainerClient[] containers = [.. new[] { layout.Predictions, layout.Models, layout.Metrics }.Select(storage.GetBlobContainerClient)];
            try
            {
                var registry = new ModelRegistry(storage, layout);
                await registry.PublishAsync(manifest, new BinaryData(onnx), cancellationToken: cancellationToken);
                await registry.PromoteAsync(manifest.Version, cancellationToken: cancellationToken);
                using var models = new CurrentModelProvider(registry, Options.Create(new CurrentModelOptions()), TimeProvider.System);
                using (await models.AcquireAsync(cancellationToken))
                {
                    // Loaded before timing: a cold instance's model load is the same whatever the traffic.
                }

                var service = new ModelEvaluationService(storage, layout, models, Options.Create(context.Get<IOptions<EvaluationOptions>>().Value), TimeProvider.System);
                var traffic = new TimerBenchTraffic(storage, layout, manifest, rate, writers);
                await traffic.WriteAsync(size, cancellationToken);
                TimerBenchRow first = await TimeAsync(service, size, size, cancellationToken);
                TimerBenchRow idle = await TimeAsync(service, size, 0, cancellationToken);
                int more = size / 10;
                await traffic.WriteAsync(more, cancellationToken);
                TimerBenchRow incremental = await TimeAsync(service, size + more, more, cancellationToken);
                return [first, idle, incremental];
            }
            finally
            {
                if (!keep)
                {
                    foreach (BlobContainerClient container in containers)
                    {
                        await container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
                    }
                }
            }
        }

        private async Task<TimerBenchRow> TimeAsync(ModelEvaluationService service, long history, long fresh, CancellationToken cancellationToken)
        {
            StorageRequestCounter counter = context.Get<StorageRequestCounter>();
            (long requests, long bytes) = (counter.Requests, counter.ResponseBytes);
            using var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            EvaluationReport report = await service.RunAsync(cancellationToken);
            clock.Stop();
            process.Refresh();
            if (report.Traffic.Records != fresh)
            {
                throw new CliFailure(ExitCodes.Generic, $"The timer counted {report.Traffic.Records} records where {fresh} were new since its last run.");
            }

            return new TimerBenchRow(history, fresh, clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds,
                counter.Requests - requests, counter.ResponseBytes - bytes, report.Traffic.Records);
        }
    }
}
