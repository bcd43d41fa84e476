using System.CommandLine;
using FashionServerless.Shared.Feedback;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>feedback</c>: a reviewer records the true labels of one upload, for live accuracy and retraining.</summary>
internal static class FeedbackCommand
{
    public static Command Create(CliSettings settings)
    {
        var path = new Argument<string>("path") { Description = "The upload's path inside the uploads container, e.g. 2026/06/photo.jpg." };
        var labels = new Option<string>("--labels")
        {
            Description = "The true labels, one colour and one garment, comma-separated, e.g. blue,dress.",
            Required = true,
        };
        var reviewer = new Option<string?>("--reviewer") { Description = "Who reviewed (recorded with the feedback)." };
        var command = new Command("feedback",
            "Record the true labels of an upload (metrics/feedback/<path>.json); a second review of the same upload replaces the first. "
            + "Refused, with nothing written, for unknown labels, two labels of one group, a missing colour or garment, or a path with no upload.")
        {
            path, labels, reviewer,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            var store = new FeedbackStore(context.Storage, context.Layout);
            FeedbackSubmission submission;
            try
            {
                submission = await store.SubmitAsync(parse.GetRequiredValue(path), parse.GetRequiredValue(labels).Split(','), parse.GetValue(reviewer), cancellationToken);
            }
            catch (FeedbackRejectedException ex)
            {
                context.Event("feedback_refused", new { reason = ex.Reason, message = ex.Message });
                throw new CliFailure(ExitCodes.Data, $"Feedback refused ({ex.Reason}): {ex.Message}", ex);
            }

            FeedbackRecord record = submission.Record;
            string verdict = record.PredictedLabels is null
                ? "the upload has no prediction for its current content yet"
                : record.PredictedLabels.SequenceEqual(record.Labels, StringComparer.Ordinal)
                    ? $"confirms model {record.PredictedModelVersion}"
                    : $"corrects model {record.PredictedModelVersion}, which said {string.Join(',', record.PredictedLabels)}";
            string replaced = submission.Previous is { } previous ? $" (replaces {string.Join(',', previous.Labels)})" : "";
            context.Result($"Feedback for {record.Source}: {string.Join(',', record.Labels)}{replaced}; {verdict}. Written to {context.Layout.Metrics}/{submission.BlobName}.");
            context.Event("feedback", record);
            return ExitCodes.Success;
        });
        return command;
    }
}
