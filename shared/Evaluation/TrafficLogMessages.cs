using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Evaluation;

internal static partial class TrafficLogMessages
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "The traffic log line of {Source} (model {ModelVersion}) could not be appended; its record is written, but the live-traffic summary will miss it.")]
    public static partial void AppendFailed(ILogger logger, Exception exception, string source, string modelVersion);
}
