using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FashionServerless.Shared.Serving;

/// <summary>
/// Readies a fresh instance for its first upload while the rest of it is still starting: loads the promoted model
/// (download, hash check, session creation) and classifies one catalogue-sized photo through it, so the decode,
/// preprocessing and inference paths are compiled and ONNX Runtime has made its first run. The photo is a white 480x640
/// JPEG embedded in this assembly: encoding one at start compiled ImageSharp's encoder, which serving never uses. An
/// upload that arrives meanwhile joins the load in flight (<see cref="CurrentModelProvider.AcquireAsync"/>) rather than
/// starting a second one. Nothing here may stop the instance: without a model, or with storage failing, it logs why
/// and the first upload loads (or fails) as it would have without a warm-up.
/// </summary>
public sealed class ServingWarmup
{
    // A catalogue photo's size (480x640): version 2 decodes it at reduced size, the path real uploads take.
    internal const string PhotoResource = "FashionServerless.Shared.Serving.WarmupPhoto.jpg";

    private readonly CurrentModelProvider _models;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ServingWarmup(CurrentModelProvider models, TimeProvider? time = null, ILogger<ServingWarmup>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = models;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Loads the model and classifies one generated photo; returns whether the instance is now warm.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the instance is stopping).</exception>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        try
        {
            using ModelLease lease = await _models.AcquireAsync(cancellationToken).ConfigureAwait(false);
            TimeSpan load = _time.GetElapsedTime(started);
            using Stream photo = OpenPhoto();
            _ = await lease.Classifier.ClassifyImageAsync(photo, cancellationToken).ConfigureAwait(false);
            TimeSpan classification = _time.GetElapsedTime(started) - load;
            ServingLog.WarmedUp(_logger, lease.Version, load.TotalMilliseconds, classification.TotalMilliseconds);
            return true;
        }
        catch (ModelUnavailableException ex) when (ex.NonePublished)
        {
            ServingLog.NothingToWarm(_logger, ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The first upload retries the load and reports the failure where it matters: on the upload.
            ServingLog.WarmupFailed(_logger, ex, ex.Message);
            return false;
        }
    }

    internal static Stream OpenPhoto() =>
        typeof(ServingWarmup).Assembly.GetManifestResourceStream(PhotoResource)
        ?? throw new InvalidOperationException($"The warm-up photo {PhotoResource} is not embedded in {typeof(ServingWarmup).Assembly.GetName().Name}.");
}
