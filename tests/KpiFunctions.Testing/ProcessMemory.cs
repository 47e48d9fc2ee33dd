using System.Globalization;

namespace KpiFunctions.Testing;

/// <summary>A process's peak memory and CPU time, from /proc (Linux).</summary>
public static class ProcessMemory
{
    public static double PeakMegabytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024)
            .FirstOrDefault();

    public static TimeSpan CpuTime(int pid)
    {
        // Fields 14 and 15 of /proc/pid/stat: user and system time in clock ticks (100 a second on Linux).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
