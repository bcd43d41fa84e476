using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Evaluation;

internal static partial class EvaluationLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Evaluation of model {ModelVersion} written to {ReportBlobName}: {Evaluated} images scored, {Rejected} rejected, micro-F1 {MicroF1}, macro-F1 {MacroF1}; traffic {Records} records, {RejectionRate} rejected, drift flagged on [{FlaggedLabels}].")]
    public static partial void Written(ILogger logger, string modelVersion, string reportBlobName, long evaluated, long rejected, double? microF1, double? macroF1,
        long records, double rejectionRate, IEnumerable<string> flaggedLabels);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Evaluation image {Path} was not scored for model {ModelVersion}: {Reason}: {RejectionMessage}")]
    public static partial void ImageRejected(ILogger logger, string modelVersion, string path, string reason, string rejectionMessage);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "No image in container {Container} could be scored; the report has no metrics.")]
    public static partial void NothingScored(ILogger logger, string container);
}
