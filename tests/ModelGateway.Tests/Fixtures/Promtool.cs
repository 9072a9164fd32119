using System.Diagnostics;

namespace ModelGateway.Tests.Fixtures;

/// <summary>Prometheus' own parser, linter and rule tester (<c>promtool</c>, from the Debian package <c>prometheus</c>).</summary>
public static class Promtool
{
    public const string InstallCommand = "apt-get install -y prometheus";

    /// <summary><c>promtool check metrics</c> on an exposition fed on stdin: exit code 0 clean, 3 lint problems, 1 unparsable.</summary>
    public static Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
        => RunAsync(null, exposition, "check", "metrics");

    /// <summary>Runs promtool with <paramref name="args"/> in <paramref name="workingDirectory"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string? workingDirectory, string? standardInput, params string[] args)
    {
        var path = Locate() ?? throw new AssertionException($"promtool is not installed; install it with '{InstallCommand}' (tests/run-all.sh does this)");
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new AssertionException("could not start promtool");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
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
