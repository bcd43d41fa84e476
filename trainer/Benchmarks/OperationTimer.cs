using System.Diagnostics;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Times an operation call by call with <see cref="Stopwatch"/> timestamps: after warm-up calls that are not
/// recorded, at least <see cref="MinimumOperations"/> calls, and more until <see cref="MinimumDuration"/> has passed
/// when one is set. Only the call itself lies between the two timestamps; the sample list grows outside them. The
/// process's CPU time over the recorded calls comes with them: on a shared machine it is the figure that holds, while
/// wall time also counts the waits for other jobs.
/// </summary>
internal sealed class OperationTimer(int minimumOperations, TimeSpan? minimumDuration, int warmUpOperations)
{
    public int MinimumOperations { get; } = minimumOperations >= 1 ? minimumOperations : throw new ArgumentOutOfRangeException(nameof(minimumOperations));

    public TimeSpan? MinimumDuration { get; } = minimumDuration;

    public int WarmUpOperations { get; } = warmUpOperations >= 0 ? warmUpOperations : throw new ArgumentOutOfRangeException(nameof(warmUpOperations));

    /// <summary>A timer with the same duration rule for a different operation count.</summary>
    public OperationTimer WithOperations(int minimum, int warmUp) => new(minimum, MinimumDuration, warmUp);

    /// <summary>Runs <paramref name="operation"/> (given the call's index) and returns each recorded call's elapsed ticks and the process CPU they took.</summary>
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
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < MinimumOperations || (MinimumDuration is TimeSpan duration && Stopwatch.GetElapsedTime(started) < duration); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long before = Stopwatch.GetTimestamp();
            operation(i);
            long after = Stopwatch.GetTimestamp();
            samples.Add(after - before);
        }

        process.Refresh();
        return new TimedOperations([.. samples], process.TotalProcessorTime - cpuBefore);
    }
}
