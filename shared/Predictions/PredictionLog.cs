using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Predictions;

internal static partial class PredictionLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Classified {Source} (ETag {SourceETag}) with model {ModelVersion} in {ElapsedMs} ms: colour {Colour}, garment {Garment}, labels [{Labels}].")]
    private static partial void LogClassified(ILogger logger, string source, string sourceETag, string modelVersion, double elapsedMs, string? colour, string? garment, string labels);

    // The logging generator renders a sequence in brackets of its own ("[[black, dress]]" in this template), so the labels go in as one string.
    public static void Classified(ILogger logger, string source, string sourceETag, string modelVersion, double elapsedMs, string? colour, string? garment, IEnumerable<string> labels)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            string listed = string.Join(", ", labels);
            LogClassified(logger, source, sourceETag, modelVersion, elapsedMs, colour, garment, listed);
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Rejected {Source} (ETag {SourceETag}) with model {ModelVersion}: {Reason}: {RejectionMessage}")]
    public static partial void Rejected(ILogger logger, string source, string sourceETag, string modelVersion, string reason, string rejectionMessage);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Skipped {Source}: its record already covers ETag {SourceETag} and model {ModelVersion} (duplicate delivery).")]
    public static partial void Duplicate(ILogger logger, string source, string sourceETag, string modelVersion);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Upload {Source} was deleted before it could be read; nothing to classify.")]
    public static partial void SourceMissing(ILogger logger, string source);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not handle {Source} for now, the host will retry: {Cause}")]
    public static partial void Deferred(ILogger logger, Exception exception, string source, string cause);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information,
        Message = "Tagged {Source} (ETag {SourceETag}): status {Status}, colour {Colour}, garment {Garment}, model {ModelVersion}.")]
    public static partial void Tagged(ILogger logger, string source, string sourceETag, string status, string? colour, string? garment, string modelVersion);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Did not tag {Source} (ETag {SourceETag}): {Cause}; its record is written.")]
    public static partial void TagsNotWritten(ILogger logger, string source, string sourceETag, string cause);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning,
        Message = "Could not prepare the record and traffic writes ahead of the first upload, which will make them itself: {Cause}")]
    public static partial void PreparationFailed(ILogger logger, Exception exception, string cause);
}
