using System.Globalization;

namespace ModelGateway.Bench.Processes;

/// <summary>
/// Reads what the kernel knows about a process: CPU time (utime + stime of every thread, from /proc/&lt;pid&gt;/stat)
/// and memory (VmRSS, VmHWM from /proc/&lt;pid&gt;/status). Linux only, like the benchmark.
/// </summary>
public static class ProcFs
{
    /// <summary>Clock ticks per second of the stat counters (USER_HZ; 100 on every mainstream Linux build).</summary>
    public static int TicksPerSecond { get; } = ReadTicksPerSecond();

    /// <summary>CPU time used so far, in milliseconds; 0 when the process is gone.</summary>
    public static double CpuMilliseconds(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return 0; }
        // The command name may contain spaces and parentheses: fields are counted after its closing ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / TicksPerSecond;
    }

    public static double CpuMilliseconds(IEnumerable<int> pids) => pids.Sum(CpuMilliseconds);

    /// <summary>CPU time the whole machine spent busy (all cores, from the first line of /proc/stat), in milliseconds.</summary>
    public static double MachineBusyMilliseconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
        long busy = 0;
        foreach (var i in new[] { 1, 2, 3, 6, 7, 8 }) busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
        return busy * 1000.0 / TicksPerSecond;
    }

    /// <summary>A VmXxx line of /proc/&lt;pid&gt;/status in kB (VmRSS = resident now, VmHWM = peak resident).</summary>
    public static long StatusKilobytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        return 0;
    }

    /// <summary>Resets VmHWM to the current RSS, so the next peak belongs to the phase that follows.</summary>
    public static bool ResetPeakRss(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Direct children of a process (nginx's workers under its master).</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                foreach (var id in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    children.Add(int.Parse(id, CultureInfo.InvariantCulture));
        }
        catch (IOException) { }
        return children;
    }

    public static int OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
                return int.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);
        return 1024;
    }

    static int ReadTicksPerSecond()
    {
        try
        {
            using var getconf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return int.TryParse(text, out var hz) && hz > 0 ? hz : 100;
        }
        catch (System.ComponentModel.Win32Exception) { return 100; }
    }
}
