using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Evaluation;

internal static partial class EvaluationLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Evaluation of model {ModelVersion} written to {ReportBlobName}: {Evaluated} images scored, {Rejected} rejected, micro-F1 {MicroF1}, macro-F1 {MacroF1}; traffic {Records} records, {RejectionRate} rejected, drift flagged on {FlaggedLabels}.")]
    private static partial void LogWritten(ILogger logger, string modelVersion, string reportBlobName, long evaluated, long rejected, string microF1, string macroF1,
        long records, string rejectionRate, string flaggedLabels);

    // Figures as a person reads them (four decimals, a rate in per cent, "none" rather than an empty list); the report holds the exact values.
    public static void Written(ILogger logger, string modelVersion, string reportBlobName, long evaluated, long rejected, double? microF1, double? macroF1,
        long records, double rejectionRate, IEnumerable<string> flaggedLabels)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        string flagged = string.Join(", ", flaggedLabels);
        string micro = Figure(microF1), macro = Figure(macroF1), rate = rejectionRate.ToString("0.0%", CultureInfo.InvariantCulture);
        LogWritten(logger, modelVersion, reportBlobName, evaluated, rejected, micro, macro, records, rate, flagged.Length == 0 ? "no label" : flagged);
    }

    private static string Figure(double? value) => value is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a (nothing scored)";

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Evaluation image {Path} was not scored for model {ModelVersion}: {Reason}: {RejectionMessage}")]
    public static partial void ImageRejected(ILogger logger, string modelVersion, string path, string reason, string rejectionMessage);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "No image in container {Container} could be scored; the report has no metrics.")]
    public static partial void NothingScored(ILogger logger, string container);
}
