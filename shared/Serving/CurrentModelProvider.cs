using Azure;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FashionServerless.Shared.Serving;

/// <summary>
/// The model this instance serves: loaded once from the registry's <c>current.json</c>, then followed by checking the
/// pointer's ETag at most every <see cref="CurrentModelOptions.ReloadIntervalSeconds"/>. A new version is verified and
/// swapped in atomically; calls already running finish on the version they leased. A pointer to a corrupt or
/// mismatched model is refused and logged, and the previous model keeps serving. Thread-safe; one per process.
/// </summary>
public sealed class CurrentModelProvider : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly OnnxClassifierOptions _classifierOptions;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private ServingModel? _current;
    private long _lastCheckTimestamp;
    private ETag? _refusedETag;
    private CancellationTokenSource _reloadTokenSource = new();
    private bool _disposed;

    public CurrentModelProvider(ModelRegistry registry, IOptions<CurrentModelOptions> options, TimeProvider? time = null, ILogger<CurrentModelProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _interval = TimeSpan.FromSeconds(options.Value.ReloadIntervalSeconds);
        _classifierOptions = options.Value.IntraOpThreads > 0
            ? OnnxClassifierOptions.Default with { IntraOpThreads = options.Value.IntraOpThreads }
            : OnnxClassifierOptions.Default;
    }

    /// <summary>Raised after a new version starts serving (the first load included).</summary>
    public event EventHandler<ModelReloadedEventArgs>? Reloaded;

    /// <summary>The version serving now, or null before the first successful load.</summary>
    public string? CurrentVersion => Volatile.Read(ref _current)?.Version;

    /// <summary>A token that fires when the next version swaps in (the <see cref="IChangeToken"/> pattern of options and ML.NET's pool).</summary>
    public IChangeToken GetReloadToken() => new CancellationChangeToken(Volatile.Read(ref _reloadTokenSource).Token);

    /// <summary>
    /// Leases the current model for one call, checking the pointer first when the interval has passed. Dispose the lease
    /// when the call ends.
    /// </summary>
    /// <exception cref="ModelUnavailableException">No model is promoted yet, or the promoted one was refused and none serves.</exception>
    /// <exception cref="RequestFailedException">Storage failed before any model was loaded.</exception>
    public async Task<ModelLease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _current) is null || CheckIsDue())
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            ServingModel model = Volatile.Read(ref _current)
                ?? throw new ModelUnavailableException("No model is loaded.");
            // A swap may release this model between the read and the reference; then the new one is read.
            if (model.TryAddReference())
            {
                return new ModelLease(model);
            }
        }
    }

    /// <summary>Checks the pointer now, whatever the interval, and loads a new version if it changed.</summary>
    /// <inheritdoc cref="AcquireAsync" path="/exception"/>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ServingModel? serving = Volatile.Read(ref _current);
            if (serving is null)
            {
                // Nothing serves yet, so there is nothing to compare an ETag with: the download reads the pointer (and
                // its ETag) itself, and a separate check would only add a round trip to the cold start.
                await LoadAsync(null, seenPointer: null, cancellationToken).ConfigureAwait(false);
                MarkChecked();
                return;
            }

            ETag? pointer;
            try
            {
                pointer = await _registry.GetCurrentETagAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                ServingLog.CheckFailed(_logger, ex, serving.Version);
                return;
            }

            MarkChecked();
            if (pointer is null)
            {
                ServingLog.PointerMissing(_logger, serving.Version);
                return;
            }

            if (pointer == serving.PointerETag || pointer == _refusedETag)
            {
                return;
            }

            await LoadAsync(serving, pointer.Value, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.Exchange(ref _current, null)?.Release();
        _reloadTokenSource.Dispose();
        _refreshGate.Dispose();
    }

    private async Task LoadAsync(ServingModel? serving, ETag? seenPointer, CancellationToken cancellationToken)
    {
        ServingModel loaded;
        ModelLoadTimings timings;
        try
        {
            long started = _time.GetTimestamp();
            CurrentModelPackage? package = await _registry.DownloadCurrentAsync(cancellationToken).ConfigureAwait(false);
            if (package is null)
            {
                if (serving is null)
                {
                    throw new ModelUnavailableException(
                        $"No model has been promoted in registry container '{_registry.Container.Name}' (no current.json); train and promote one.")
                    { NonePublished = true };
                }

                // The pointer vanished between the ETag check and the download; the next check sees it.
                return;
            }

            seenPointer = package.Current.ETag;
            TimeSpan download = _time.GetElapsedTime(started);
            OnnxClassifier classifier = OnnxClassifier.Load(package.Package.OnnxModel, package.Package.Manifest, _classifierOptions);
            timings = new ModelLoadTimings(download, classifier.HashCheckDuration, classifier.SessionCreationDuration);
            loaded = new ServingModel(classifier, package.Current.ETag);
        }
        catch (Exception ex) when (ex is ModelRegistryException or ModelLoadException)
        {
            _refusedETag = seenPointer;
            ServingLog.Refused(_logger, ex, seenPointer?.ToString() ?? "(not read)", serving?.Version, ex.Message);
            if (serving is null)
            {
                throw new ModelUnavailableException($"The promoted model was refused and no earlier model is loaded: {ex.Message}", ex);
            }

            return;
        }

        _refusedETag = null;
        ServingModel? previous = Interlocked.Exchange(ref _current, loaded);
        // The provider's own reference goes; the session lives on until the last lease on it is disposed.
        previous?.Release();
        string sha256 = loaded.Classifier.Manifest.Sha256;
        ServingLog.Reloaded(_logger, loaded.Version, sha256, previous?.Version,
            timings.Download.TotalMilliseconds, timings.HashCheck.TotalMilliseconds, timings.SessionCreation.TotalMilliseconds);
        CancellationTokenSource fired = Interlocked.Exchange(ref _reloadTokenSource, new CancellationTokenSource());
        fired.Cancel();
        fired.Dispose();
        Reloaded?.Invoke(this, new ModelReloadedEventArgs(previous?.Version, loaded.Version, sha256) { Timings = timings });
    }

    private bool CheckIsDue() =>
        _time.GetElapsedTime(Interlocked.Read(ref _lastCheckTimestamp)) >= _interval;

    private void MarkChecked() => Interlocked.Exchange(ref _lastCheckTimestamp, _time.GetTimestamp());
}
