using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Registry;

internal static partial class RegistryLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "Published model {Version} (sha256 {Sha256}, {Bytes} bytes, {ReportFiles} report files) to {Container}")]
    public static partial void Published(ILogger logger, string version, string sha256, long bytes, int reportFiles, string container);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Promoted model {Version} to current (previous {PreviousVersion})")]
    public static partial void Promoted(ILogger logger, string version, string? previousVersion);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Rolled back current model from {FromVersion} to {ToVersion}")]
    public static partial void RolledBack(ILogger logger, string fromVersion, string toVersion);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "Conditional write of the model pointer failed: it changed since it was read (wanted {Version})")]
    public static partial void PointerConflict(ILogger logger, string version);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error,
        Message = "Model {Version} failed its integrity check: expected sha256 {Expected}, stored bytes hash to {Actual}")]
    public static partial void IntegrityFailed(ILogger logger, string version, string expected, string actual);
}
