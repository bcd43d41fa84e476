using System.Diagnostics;
using FashionServerless.Trainer.Benchmarks;
using Microsoft.Extensions.Time.Testing;

namespace FashionServerless.Trainer.Tests.Benchmarks;

public sealed class OperationTimerTests
{
    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    [Fact]
    public void Run_WarmUpAndMinimum_CallsWarmUpUnrecordedThenRecordsEachCallsOwnDuration()
    {
        var time = new FakeTimeProvider();
        var calls = new List<int>();

        // The two warm-up calls take 50 ms each; recorded call i takes i + 1 ms.
        long[] ticks = new OperationTimer(3, null, 2, time).Run(i =>
        {
            calls.Add(i);
            time.Advance(TimeSpan.FromMilliseconds(calls.Count <= 2 ? 50 : i + 1));
        }, CancellationToken.None).Ticks;

        Assert.Equal([0, 1, 0, 1, 2], calls);
        Assert.Equal([1 * TicksPerMillisecond, 2 * TicksPerMillisecond, 3 * TicksPerMillisecond], ticks);
    }

    [Fact]
    public void Run_MinimumDuration_KeepsCallingUntilItHasPassed()
    {
        var time = new FakeTimeProvider();
        int calls = 0;

        // 30 ms a call against a 100 ms minimum: 30, 60, 90 fall short, the fourth call reaches 120.
        long[] ticks = new OperationTimer(1, TimeSpan.FromMilliseconds(100), 0, time).Run(_ =>
        {
            calls++;
            time.Advance(TimeSpan.FromMilliseconds(30));
        }, CancellationToken.None).Ticks;

        Assert.Equal(4, calls);
        Assert.Equal(Enumerable.Repeat(30 * TicksPerMillisecond, 4), ticks);
    }

    [Fact]
    public void WithOperations_FakeClock_KeepsTheClockAndTheMinimumDuration()
    {
        var time = new FakeTimeProvider();

        OperationTimer timer = new OperationTimer(1, TimeSpan.FromMilliseconds(20), 0, time).WithOperations(2, 0);
        long[] ticks = timer.Run(_ => time.Advance(TimeSpan.FromMilliseconds(5)), CancellationToken.None).Ticks;

        Assert.Equal(4, ticks.Length);
        Assert.All(ticks, t => Assert.Equal(5 * TicksPerMillisecond, t));
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => new OperationTimer(1, null, 0).Run(_ => { }, cancelled.Token));
    }
}
