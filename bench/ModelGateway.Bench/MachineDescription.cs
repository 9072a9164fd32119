using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ModelGateway.Bench;

/// <summary>The facts about the machine a result needs next to it.</summary>
public static class MachineDescription
{
    public static int Cores => File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal));

    public static string Describe(string? nginxBinary)
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return $"{Cores} cores ({model}), {long.Parse(memKb) / 1024 / 1024.0:0.#} GiB RAM, Linux {kernel}, {RuntimeInformation.FrameworkDescription}, {NginxVersion(nginxBinary)}";
    }

    static string NginxVersion(string? binary)
    {
        if (binary is null) return "nginx missing";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(binary, "-v") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var text = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            return text.Replace("nginx version: ", "");
        }
        catch (System.ComponentModel.Win32Exception) { return "nginx ?"; }
    }
}
