using System.CommandLine;
using System.Globalization;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>predictions</c>: prints the prediction records the blob function (or <c>classify --container</c>) wrote.</summary>
internal static class PredictionsCommand
{
    public static Command Create(CliSettings settings)
    {
        var container = new Option<string?>("--container") { Description = "The predictions container (default: predictions, FashionServerless__Blobs__Predictions)." };
        var prefix = new Option<string?>("--prefix") { Description = "Only records of uploads under this prefix." };
        var count = new Option<bool>("--count") { Description = "Print only the number of records (scripts poll it while the blob trigger works)." };
        var command = new Command("predictions", "Print a table of prediction records: file, status, colour, garment, scores, model version; rejected files with their reason.")
        {
            container, prefix, count,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            PredictionRecordReader reader = context.Get<PredictionRecordReader>();
            if (parse.GetValue(count))
            {
                int records = 0;
                await foreach (Azure.Storage.Blobs.Models.BlobItem _ in reader.ListAsync(parse.GetValue(prefix), cancellationToken))
                {
                    records++;
                }

                context.Result(records.ToString(CultureInfo.InvariantCulture));
                return ExitCodes.Success;
            }

            var table = new TextTable("file", "status", "colour", "garment", "scores / reason", "model");
            var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal)
            {
                [PredictionStatus.Classified] = 0, [PredictionStatus.Uncertain] = 0, [PredictionStatus.Rejected] = 0,
            };
            await foreach (PredictionRecord record in reader.ReadAllAsync(parse.GetValue(prefix), cancellationToken))
            {
                statuses[record.Status] = statuses.GetValueOrDefault(record.Status) + 1;
                if (record.Rejection is { } r)
                {
                    table.Add(record.Source, record.Status, "-", "-", $"{r.Reason}: {r.Message}", record.ModelVersion);
                }
                else
                {
                    table.Add(record.Source, record.Status, Best(record.Colour), Best(record.Garment), Scores(record), record.ModelVersion);
                }

                context.Event("prediction", record);
            }

            if (table.RowCount == 0)
            {
                context.Result($"No prediction records in container '{context.Layout.Predictions}'.");
                return ExitCodes.Success;
            }

            context.Result(table.ToString());
            // Classified, rejected and uncertain always, in that order, so scripts can read the line; any other status after them.
            string[] order = [PredictionStatus.Classified, PredictionStatus.Rejected, PredictionStatus.Uncertain];
            IEnumerable<string> counts = order.Concat(statuses.Keys.Except(order)).Select(status => $"{statuses[status]} {status}");
            context.Result($"{statuses.Values.Sum()} records: {string.Join(", ", counts)}.");
            return ExitCodes.Success;
        }, parse => TrainerHost.Container(nameof(BlobLayoutOptions.Predictions), parse.GetValue(container)));
        return command;
    }

    private static string Best(Shared.Inference.GroupPrediction? best) =>
        best is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{best.Label} {best.Score:0.000}");

    private static string Scores(PredictionRecord record) =>
        record.Scores is null ? "-" : string.Join(' ', record.Scores.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:0.00}")));
}
