namespace FashionServerless.Trainer.Cli;

/// <summary>One timed run of <c>bench timer</c>.</summary>
/// <param name="History">Records in the traffic log in all, this run's included.</param>
/// <param name="New">Records logged since the previous run.</param>
/// <param name="WallSeconds">The run's wall-clock time.</param>
/// <param name="CpuSeconds">The process's CPU time during the run (the storage emulator's is not included).</param>
/// <param name="StorageRequests">Storage requests the run sent.</param>
/// <param name="BytesRead">Bytes the storage responses carried.</param>
/// <param name="RecordsCounted">Records the run's traffic summary counted.</param>
internal sealed record TimerBenchRow(long History, long New, double WallSeconds, double CpuSeconds, long StorageRequests, long BytesRead, long RecordsCounted);
