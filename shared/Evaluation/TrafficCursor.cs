namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// Where the next scheduled evaluation continues reading the traffic log: every partition before <see cref="OpenFrom"/>
/// has been read to its end and no writer appends to it any more; of the newer ones, <see cref="Offsets"/> says how many
/// bytes of each log blob were read. So each line is counted exactly once, and a run reads only what came since the last.
/// </summary>
/// <param name="OpenFrom">The oldest UTC minute whose partition may still grow.</param>
/// <param name="Offsets">Bytes read so far, by log blob name, for partitions from <see cref="OpenFrom"/> on.</param>
public sealed record TrafficCursor(DateTimeOffset OpenFrom, IReadOnlyDictionary<string, long> Offsets);
