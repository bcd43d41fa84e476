using System.Globalization;

namespace FashionServerless.Testing.Diagnostics;

/// <summary>
/// CPU time and peak resident memory of one process, read from Linux's /proc, between a <see cref="Start"/> and a
/// <see cref="Stop"/>. The peak is reset at the start (writing 5 to <c>clear_refs</c> resets <c>VmHWM</c>), so it is the
/// peak of the measured span, not of the process's life. CPU time rather than wall time: a shared machine stretches
/// wall time, not the work done. On other systems the figures are null and bounds are not checked.
/// </summary>
public sealed class ProcessUsage
{
    private readonly int _processId;
    private TimeSpan _cpuAtStart;
    private long _rssAtStart;

    public ProcessUsage(int processId) => _processId = processId;

    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    public void Start()
    {
        if (!IsSupported)
        {
            return;
        }

        File.WriteAllText($"/proc/{_processId}/clear_refs", "5");
        _rssAtStart = StatusKiB("VmRSS");
        _cpuAtStart = Cpu();
    }

    /// <summary>CPU time since <see cref="Start"/>, and the peak resident memory above the level at the start.</summary>
    public (TimeSpan? Cpu, double? PeakAddedMiB, double? PeakMiB) Stop()
    {
        if (!IsSupported)
        {
            return (null, null, null);
        }

        TimeSpan cpu = Cpu() - _cpuAtStart;
        long peak = StatusKiB("VmHWM");
        return (cpu, Math.Max(0, peak - _rssAtStart) / 1024.0, peak / 1024.0);
    }

    private TimeSpan Cpu()
    {
        // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) in clock ticks; the name in field 2 may hold spaces.
        string stat = File.ReadAllText($"/proc/{_processId}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private long StatusKiB(string field)
    {
        foreach (string line in File.ReadLines($"/proc/{_processId}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
