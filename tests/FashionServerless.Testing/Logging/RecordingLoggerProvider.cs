using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Testing.Logging;

/// <summary>
/// Keeps every log entry its loggers write, in order, and lets a test wait for an entry by its event id: a background
/// task's log line is the signal that it has finished, so tests need no sleeps.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();
    private readonly ConcurrentBag<(Func<RecordedLog, bool> Matches, TaskCompletionSource<RecordedLog> Done)> _waiters = [];

    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    /// <summary>A typed logger that records into this provider.</summary>
    public ILogger<T> CreateLogger<T>() => new Logger<T>(new LoggerFactory([this]));

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    /// <summary>How many entries have event id <paramref name="eventId"/>.</summary>
    public int Count(int eventId) => _entries.Count(e => e.EventId == eventId);

    /// <summary>
    /// Completes with the <paramref name="occurrence"/>-th entry (1-based) with event id <paramref name="eventId"/>,
    /// already written or still to come.
    /// </summary>
    public Task<RecordedLog> WaitForAsync(int eventId, int occurrence = 1)
    {
        var done = new TaskCompletionSource<RecordedLog>(TaskCreationOptions.RunContinuationsAsynchronously);
        int seen = 0;
        bool Matches(RecordedLog entry) => entry.EventId == eventId && Interlocked.Increment(ref seen) == occurrence;
        lock (_waiters)
        {
            foreach (RecordedLog entry in _entries)
            {
                if (Matches(entry))
                {
                    done.TrySetResult(entry);
                    return done.Task;
                }
            }

            _waiters.Add((Matches, done));
        }

        return done.Task;
    }

    public void Dispose()
    {
    }

    private void Add(RecordedLog entry)
    {
        lock (_waiters)
        {
            _entries.Enqueue(entry);
            foreach ((Func<RecordedLog, bool> matches, TaskCompletionSource<RecordedLog> done) in _waiters)
            {
                if (!done.Task.IsCompleted && matches(entry))
                {
                    done.TrySetResult(entry);
                }
            }
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Add(new RecordedLog(category, logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}

/// <summary>One log entry as written.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);
