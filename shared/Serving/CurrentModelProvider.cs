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
/// pointer's ETag at most every <see cref="CurrentModelOptions.ReloadIntervalSeconds"/>. Once a model serves, the check
/// and any reload run off the request path: the call that finds the check due starts it in the background and leases
/// the current model like every other call, so no call ever waits for a check or a load, and concurrent calls never
/// read the pointer more than once between them (single flight). A new version is verified and swapped in atomically;
/// calls already running finish on the version they leased. A pointer that is missing, unreadable or names a corrupt or
/// mismatched model is logged once per check, and the last good model keeps serving. Thread-safe; one per process.
/// </summary>
public sealed class CurrentModelProvider : IDisposable
{
    private static readonly Task Idle = Task.CompletedTask;

    private readonly ModelRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly OnnxClassifierOptions _classifierOptions;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _swap = new();
    private ServingModel? _current;
    private Task _refresh = Idle;
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

    /// <summary>Raised after a new version starts serving (the first load included), on the thread that loaded it.</summary>
    public event EventHandler<ModelReloadedEventArgs>? Reloaded;

    /// <summary>The version serving now, or null before the first successful load.</summary>
    public string? CurrentVersion => Volatile.Read(ref _current)?.Version;

    /// <summary>The pointer check (or first load) in flight, or a completed task when none is: for tests that wait for one.</summary>
    internal Task CheckInFlight => Volatile.Read(ref _refresh);

    /// <summary>A token that fires when the next version swaps in (the <see cref="IChangeToken"/> pattern of options and ML.NET's pool).</summary>
    public IChangeToken GetReloadToken() => new CancellationChangeToken(Volatile.Read(ref _reloadTokenSource).Token);

    /// <summary>
    /// Leases the current model for one call. When the check interval has passed, the pointer check starts in the
    /// background and this call leases the model serving now. Only before the first model is loaded do calls wait, all
    /// of them on the same load. Dispose the lease when the call ends.
    /// </summary>
    /// <exception cref="ModelUnavailableException">No model is promoted yet, or the promoted one was refused and none serves.</exception>
    /// <exception cref="RequestFailedException">Storage failed before any model was loaded.</exception>
    public async Task<ModelLease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _current) is null)
        {
            // Nothing to serve yet: every caller waits on the one load in flight.
            await StartOrJoinRefresh().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (CheckIsDue())
        {
            // Faults are logged by the refresh itself; a caller with a model never waits for it.
            _ = StartOrJoinRefresh();
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

    /// <summary>
    /// Checks the pointer now, whatever the interval, and loads a new version if it changed; completes when that check
    /// (started after this call began) has finished. Waits for a check already in flight first, since it may have read
    /// the pointer before the caller's change.
    /// </summary>
    /// <inheritdoc cref="AcquireAsync" path="/exception"/>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Task running = Volatile.Read(ref _refresh);
        if (!running.IsCompleted)
        {
            await running.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await StartOrJoinRefresh().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_swap)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Interlocked.Exchange(ref _current, null)?.Release();
        }

        // A check in flight sees the cancellation and drops whatever it loaded.
        _lifetime.Cancel();
        _reloadTokenSource.Dispose();
    }

    /// <summary>Returns the check in flight, or starts one: the only place a check begins, so there is never more than one.</summary>
    private Task StartOrJoinRefresh()
    {
        while (true)
        {
            Task running = Volatile.Read(ref _refresh);
            if (!running.IsCompleted)
            {
                return running;
            }

            var claim = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _refresh, claim.Task, running) != running)
            {
                continue;
            }

            MarkChecked();
            // The check belongs to the instance, not to the call that happened to start it: it must not inherit that
            // call's logging scope, activity or cancellation.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => RunRefreshAsync(claim));
            }

            return claim.Task;
        }
    }

    private async Task RunRefreshAsync(TaskCompletionSource done)
    {
        try
        {
            await RefreshOnceAsync(_lifetime.Token).ConfigureAwait(false);
            done.SetResult();
        }
        catch (Exception ex) when (Volatile.Read(ref _current) is ServingModel serving && !_lifetime.IsCancellationRequested)
        {
            // With a model serving, nothing a check meets may reach a caller: it is logged and retried at the next check.
            ServingLog.CheckFailed(_logger, ex, serving.Version);
            done.SetResult();
        }
        catch (Exception ex)
        {
            // Before the first load, the callers waiting on it get the failure (no model, storage down, refused).
            done.SetException(ex);
        }
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        ServingModel? serving = Volatile.Read(ref _current);
        if (serving is null)
        {
            // Nothing serves yet, so there is nothing to compare an ETag with: the download reads the pointer (and its
            // ETag) itself, and a separate check would only add a round trip to the cold start.
            await LoadAsync(null, seenPointer: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        ETag? pointer = await _registry.GetCurrentETagAsync(cancellationToken).ConfigureAwait(false);
        if (pointer is null)
        {
            ServingLog.PointerMissing(_logger, serving.Version);
            return;
        }

        if (pointer == serving.PointerETag)
        {
            return;
        }

        if (pointer == _refusedETag)
        {
            ServingLog.StillRefused(_logger, pointer.Value.ToString(), serving.Version);
            return;
        }

        await LoadAsync(serving, pointer.Value, cancellationToken).ConfigureAwait(false);
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

                // The pointer vanished between the ETag check and the download.
                ServingLog.PointerMissing(_logger, serving.Version);
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

        ServingModel? previous;
        CancellationTokenSource fired;
        lock (_swap)
        {
            if (_disposed)
            {
                loaded.Release();
                return;
            }

            _refusedETag = null;
            previous = Interlocked.Exchange(ref _current, loaded);
            fired = Interlocked.Exchange(ref _reloadTokenSource, new CancellationTokenSource());
        }

        // The provider's own reference goes; the session lives on until the last lease on it is disposed.
        previous?.Release();
        string sha256 = loaded.Classifier.Manifest.Sha256;
        if (previous is null)
        {
            ServingLog.FirstLoaded(_logger, loaded.Version, sha256,
                timings.Download.TotalMilliseconds, timings.HashCheck.TotalMilliseconds, timings.SessionCreation.TotalMilliseconds);
        }
        else
        {
            ServingLog.Reloaded(_logger, loaded.Version, sha256, previous.Version,
                timings.Download.TotalMilliseconds, timings.HashCheck.TotalMilliseconds, timings.SessionCreation.TotalMilliseconds);
        }
        fired.Cancel();
        fired.Dispose();
        Reloaded?.Invoke(this, new ModelReloadedEventArgs(previous?.Version, loaded.Version, sha256) { Timings = timings });
    }

    private bool CheckIsDue() =>
        _time.GetElapsedTime(Interlocked.Read(ref _lastCheckTimestamp)) >= _interval;

    private void MarkChecked() => Interlocked.Exchange(ref _lastCheckTimestamp, _time.GetTimestamp());
}
