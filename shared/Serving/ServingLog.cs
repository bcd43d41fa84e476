using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Serving;

internal static partial class ServingLog
{
    // The first load has nothing to replace: its own message, so the log never reads "it replaced (null)".
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information,
        Message = "Model {Version} (SHA-256 {Sha256}) is now serving (first load of this instance). Download {DownloadMs:0} ms, hash check {HashCheckMs:0} ms, session creation {SessionMs:0} ms.")]
    public static partial void FirstLoaded(ILogger logger, string version, string sha256, double downloadMs, double hashCheckMs, double sessionMs);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Model {Version} (SHA-256 {Sha256}) is now serving; it replaced {PreviousVersion}. Download {DownloadMs:0} ms, hash check {HashCheckMs:0} ms, session creation {SessionMs:0} ms.")]
    public static partial void Reloaded(ILogger logger, string version, string sha256, string previousVersion, double downloadMs, double hashCheckMs, double sessionMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Model pointer at ETag {PointerETag} was refused; {ServingVersion} keeps serving. {Reason}")]
    public static partial void Refused(ILogger logger, Exception exception, string pointerETag, string? servingVersion, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "No model is promoted in the registry (no current.json); {ServingVersion} keeps serving.")]
    public static partial void PointerMissing(ILogger logger, string? servingVersion);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Checking the model pointer failed; {ServingVersion} keeps serving and the check is retried next time.")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string servingVersion);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Model pointer at ETag {PointerETag} is still the one refused earlier; {ServingVersion} keeps serving until a new promotion.")]
    public static partial void StillRefused(ILogger logger, string pointerETag, string servingVersion);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "Warmed up with model {Version} before the first upload: load {LoadMs:0} ms, first classification {FirstClassificationMs:0} ms.")]
    public static partial void WarmedUp(ILogger logger, string version, double loadMs, double firstClassificationMs);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Nothing to warm up: {Reason} The first upload loads the model once one is promoted.")]
    public static partial void NothingToWarm(ILogger logger, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Warm-up failed; the first upload loads the model itself. {Reason}")]
    public static partial void WarmupFailed(ILogger logger, Exception exception, string reason);
}
