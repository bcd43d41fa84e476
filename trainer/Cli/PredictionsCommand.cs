using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;
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
        var where = new Option<string?>("--where")
        {
            Description = "Only uploads whose blob index tags match this Find Blobs by Tags expression, e.g. \"garment\" = 'dress' AND \"colour\" = 'blue' "
                + "(tags: status, colour, garment, model, reason). The query runs on the uploads container; no record is read to answer it.",
        };
        var command = new Command("predictions", "Print a table of prediction records: file, status, colour, garment, scores, model version; rejected files with their reason.")
        {
            container, prefix, count, where,
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
            string? query = parse.GetValue(where);
            IAsyncEnumerable<PredictionRecord> source = query is null
                ? reader.ReadAllAsync(parse.GetValue(prefix), cancellationToken)
                : TaggedAsync(context, reader, query, parse.GetValue(prefix), cancellationToken);
            await foreach (PredictionRecord record in source)
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
                context.Result(query is null
                    ? $"No prediction records in container '{context.Layout.Predictions}'."
                    : $"No upload in '{context.Layout.Uploads}' has tags matching {query}.");
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

    /// <summary>The records of the uploads whose tags match <paramref name="query"/> (Find Blobs by Tags), in name order.</summary>
    private static async IAsyncEnumerable<PredictionRecord> TaggedAsync(
        CliContext context, PredictionRecordReader reader, string query, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (TaggedBlobItem item in context.Storage.GetBlobContainerClient(context.Layout.Uploads).FindBlobsByTagsAsync(query, cancellationToken))
        {
            if (prefix is null || item.BlobName.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(item.BlobName);
            }
        }

        context.Result($"{names.Count} uploads in '{context.Layout.Uploads}' have tags matching {query}.");
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            // Tags follow records, so a match without a record means it was deleted since; the record is the truth.
            if (await reader.ReadAsync(name, cancellationToken) is { } record)
            {
                yield return record;
            }
        }
    }

    private static string Best(Shared.Inference.GroupPrediction? best) =>
        best is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{best.Label} {best.Score:0.000}");

    private static string Scores(PredictionRecord record) =>
        record.Scores is null ? "-" : string.Join(' ', record.Scores.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:0.00}")));
}
