using FashionServerless.Trainer.Benchmarks;

namespace FashionServerless.Trainer.Tests.Benchmarks;

public sealed class OperationTimerTests
{
    [Fact]
    public void Run_WarmUpAndMinimum_CallsWarmUpUnrecordedThenRecordsEachCall()
    {
        var calls = new List<int>();

        long[] ticks = new OperationTimer(3, null, 2).Run(calls.Add, CancellationToken.None).Ticks;

        Assert.Equal([0, 1, 0, 1, 2], calls);
        Assert.Equal(3, ticks.Length);
        Assert.All(ticks, t => Assert.True(t >= 0));
    }

    [Fact]
    public void Run_MinimumDuration_KeepsCallingUntilItPasses()
    {
        int calls = 0;

        // A quick call and a long minimum: only a single call stalled for the whole 200 ms could end it after one.
        long[] ticks = new OperationTimer(1, TimeSpan.FromMilliseconds(200), 0).Run(_ => { calls++; Thread.Sleep(1); }, CancellationToken.None).Ticks;

        Assert.True(ticks.Length >= 2, $"only {ticks.Length} calls");
        Assert.Equal(calls, ticks.Length);
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => new OperationTimer(1, null, 0).Run(_ => { }, cancelled.Token));
    }
}
