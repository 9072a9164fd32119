namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// The debugger pipes and diagnostics socket every .NET process creates in the temp directory. The runtime removes
/// them when it exits normally; a process the tests kill cannot, and a full run kills hundreds, so the fixtures remove
/// them by PID once the process is gone.
/// </summary>
public static class RuntimeIpcFiles
{
    static readonly string TempDirectory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp";

    /// <summary>Paths left by the process with this PID (<c>clr-debug-pipe-PID-*</c>, <c>dotnet-diagnostic-PID-*</c>).</summary>
    public static IEnumerable<string> Of(int pid)
    {
        if (!Directory.Exists(TempDirectory)) return [];
        return Directory.EnumerateFiles(TempDirectory, $"clr-debug-pipe-{pid}-*")
            .Concat(Directory.EnumerateFiles(TempDirectory, $"dotnet-diagnostic-{pid}-*"));
    }

    /// <summary>Deletes them; call only after the process has exited, so nothing live is removed.</summary>
    public static void RemoveFor(int pid)
    {
        foreach (var path in Of(pid))
        {
            try { File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
