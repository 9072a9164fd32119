using System.Diagnostics;

namespace ModelGateway.Tests.Diagnostics;

/// <summary>Prometheus' own parser and linter (<c>promtool check metrics</c>, from the Debian package <c>prometheus</c>).</summary>
public static class Promtool
{
    public const string InstallCommand = "apt-get install -y prometheus";

    /// <summary>Feeds the exposition to promtool on stdin; returns its exit code (0 clean, 3 lint problems, 1 unparsable) and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var path = Locate() ?? throw new AssertionException($"promtool is not installed; install it with '{InstallCommand}' (tests/run-all.sh does this)");
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("check");
        psi.ArgumentList.Add("metrics");
        using var process = Process.Start(psi) ?? throw new AssertionException("could not start promtool");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    static string? Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, "promtool");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
