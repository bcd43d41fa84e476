using System.Diagnostics;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Times an operation call by call with high-resolution timestamps: after warm-up calls that are not recorded, at
/// least <see cref="MinimumOperations"/> calls, and more until <see cref="MinimumDuration"/> has passed when one is
/// set. Only the call itself lies between the two timestamps; the sample list grows outside them. The process's CPU
/// time over the recorded calls comes with them: on a shared machine it is the figure that holds, while wall time also
/// counts the waits for other jobs.
/// </summary>
/// <param name="time">The clock; <see cref="TimeProvider.System"/> (the <see cref="Stopwatch"/>) unless a test fakes it.</param>
internal sealed class OperationTimer(int minimumOperations, TimeSpan? minimumDuration, int warmUpOperations, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public int MinimumOperations { get; } = minimumOperations >= 1 ? minimumOperations : throw new ArgumentOutOfRangeException(nameof(minimumOperations));

    public TimeSpan? MinimumDuration { get; } = minimumDuration;

    public int WarmUpOperations { get; } = warmUpOperations >= 0 ? warmUpOperations : throw new ArgumentOutOfRangeException(nameof(warmUpOperations));

    /// <summary>A timer with the same duration rule for a different operation count.</summary>
    public OperationTimer WithOperations(int minimum, int warmUp) => new(minimum, MinimumDuration, warmUp, _time);

    /// <summary>Runs <paramref name="operation"/> (given the call's index) and returns each recorded call's elapsed <see cref="Stopwatch"/> ticks and the process CPU they took.</summary>
    public TimedOperations Run(Action<int> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (int i = 0; i < WarmUpOperations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            operation(i);
        }

        var samples = new List<long>(MinimumOperations);
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long started = _time.GetTimestamp();
        for (int i = 0; i < MinimumOperations || (MinimumDuration is TimeSpan duration && _time.GetElapsedTime(started) < duration); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long before = _time.GetTimestamp();
            operation(i);
            long after = _time.GetTimestamp();
            samples.Add(after - before);
        }

        // The system clock counts in Stopwatch ticks already; a fake one may count in another unit.
        long frequency = _time.TimestampFrequency;
        long[] ticks = frequency == Stopwatch.Frequency ? [.. samples] : [.. samples.Select(t => (long)Math.Round(t * (double)Stopwatch.Frequency / frequency))];
        process.Refresh();
        return new TimedOperations(ticks, process.TotalProcessorTime - cpuBefore);
    }
}
