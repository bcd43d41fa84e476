using System.Globalization;
using System.Runtime.InteropServices;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// The process's peak resident memory (Linux <c>VmHWM</c>), which can be reset between measurements
/// (<c>/proc/self/clear_refs</c>), so each variant's peak is its own. Freed native memory that the C allocator keeps
/// would look resident and hide a variant's need, so it is handed back first (<c>malloc_trim</c>). Elsewhere, or where
/// the reset is not allowed, it reports nothing rather than a misleading figure.
/// </summary>
internal static partial class PeakMemory
{
    /// <summary>Returns freed memory to the system and resets the peak to the current resident size; false where that is not possible.</summary>
    public static bool TryReset()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);

    /// <summary>Peak and current resident bytes, or null where <c>/proc/self/status</c> is absent.</summary>
    public static (long Peak, long Current)? Read()
    {
        try
        {
            long? peak = null, current = null;
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    current = Kilobytes(line);
                }
            }

            return peak is long p && current is long c ? (p, c) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
