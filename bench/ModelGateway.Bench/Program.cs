using ModelGateway.Bench;
using ModelGateway.Bench.Reporting;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine("ModelGateway.Bench: " + e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Whatever ends the run, the servers it started are stopped by PID.
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, _ => ModelGateway.Bench.Processes.ServerProcess.KillAll());
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => ModelGateway.Bench.Processes.ServerProcess.KillAll());
Directory.CreateDirectory(options.OutDir);
ModelGateway.Bench.Processes.ServerProcess.PidFile = Path.Combine(options.OutDir, "pids");
ModelGateway.Bench.Processes.ServerProcess.LogDirectory = Directory.CreateDirectory(Path.Combine(options.OutDir, "logs")).FullName;

BenchResults results;
try
{
    results = await BenchmarkRun.RunAsync(options);
}
catch (PrerequisiteMissingException e)
{
    Console.Error.WriteLine("ModelGateway.Bench: " + e.Message);
    return 3;
}

Directory.CreateDirectory(options.OutDir);
var markdown = MarkdownReport.Render(results);
await File.WriteAllTextAsync(Path.Combine(options.OutDir, "results.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(options.OutDir, "results.json"), JsonReport.Render(results));
Console.WriteLine(markdown);
Console.WriteLine($"results written to {options.OutDir}");

if (results.Problems.Count > 0)
{
    Console.Error.WriteLine($"FAILED: {results.Problems.Count} problem(s):");
    foreach (var problem in results.Problems) Console.Error.WriteLine("  - " + problem);
    return 1;
}
Console.WriteLine(options.Smoke ? "SMOKE OK: every target answered correctly" : "BENCHMARK OK");
return 0;
