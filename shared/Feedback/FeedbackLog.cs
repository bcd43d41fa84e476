using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Feedback;

internal static partial class FeedbackLog
{
    public static void LiveAccuracy(ILogger logger, LiveAccuracyReport live)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            string perModel = string.Join("; ", live.Models.Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.ModelVersion}: micro-F1 {m.Metrics.Micro.F1:0.####}, exact match {m.Metrics.ExactMatch:0.####} on {m.Metrics.SampleCount}")));
            LiveAccuracy(logger, live.Reviews, live.Scored, live.Skipped.Count, perModel);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Live accuracy: {Reviews} reviews, {Scored} scored, {Skipped} left out; per model [{PerModel}].")]
    private static partial void LiveAccuracy(ILogger logger, long reviews, long scored, int skipped, string perModel);
}
