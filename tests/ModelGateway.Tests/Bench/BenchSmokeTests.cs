using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Bench;

/// <summary>
/// Runs the benchmark's entry point (bench/run.sh --smoke) on the built binaries, so the harness cannot rot: every
/// target (direct, nginx, the .NET floor proxy, gateway passthrough, gateway translated) must answer every scenario
/// correctly, open streams must complete through the gateway and nginx, and the feature gateways must start with
/// bench/profiles.
/// Figures are not asserted: timing belongs to the benchmark itself, not to the test suite.
/// </summary>
[NonParallelizable]
public class BenchSmokeTests
{
    static readonly string[] Targets = ["direct", "nginx", "dotnet-floor", "gateway-passthrough", "gateway-openai"];
    static readonly string[] Scenarios = ["short-c1", "short-c16", "short-c64", "stream-c64", "realistic-c256"];

    [Test, CancelAfter(240_000)]
    public async Task SmokeRun_EveryTargetAnswersEveryScenarioCorrectly()
    {
        if (!NginxInstalled())
            Assert.Fail("nginx is not installed, and the benchmark compares the gateway with it: apt-get install -y nginx");
        var benchDll = Path.Combine(RepoLayout.Root, "bench", "ModelGateway.Bench", "bin", RepoLayout.Configuration, "net10.0", "ModelGateway.Bench.dll");
        if (!File.Exists(benchDll))
            Assert.Fail($"{benchDll} is missing: build the solution first (dotnet build -c {RepoLayout.Configuration} ModelGateway.sln)");

        var outDir = Path.Combine(Path.GetTempPath(), "mg-bench-smoke-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await using var run = TestProcess.Start("bench-smoke", "bash",
                [Path.Combine(RepoLayout.Root, "bench", "run.sh"), "--smoke", "--no-build", "--configuration", RepoLayout.Configuration, "--out", outDir]);
            var exitCode = await run.WaitForExitAsync(TimeSpan.FromSeconds(200));
            Assert.That(exitCode, Is.EqualTo(0), "bench/run.sh --smoke failed:\n" + run.Output);
            Assert.That(run.Output, Does.Contain("SMOKE OK"));

            var results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "results.json")))!;
            Assert.That(results["Problems"]!.AsArray(), Is.Empty);
            Assert.Multiple(() =>
            {
                foreach (var scenario in Scenarios)
                    foreach (var target in Targets)
                    {
                        var phase = results["Load"]?[scenario]?[target];
                        Assert.That(phase, Is.Not.Null, $"{scenario} via {target} was not run");
                        Assert.That((int)phase!["Requests"]!, Is.GreaterThan(0), $"{scenario} via {target}: no correct answer");
                        Assert.That((int)phase["Failures"]!, Is.EqualTo(0), $"{scenario} via {target}: {phase["FirstError"]}");
                        if (scenario.StartsWith("stream", StringComparison.Ordinal) || scenario.StartsWith("realistic", StringComparison.Ordinal))
                            Assert.That(phase["PathFirstTokenP50Ms"], Is.Not.Null,
                                $"{scenario} via {target}: the simulator's first-token stamp was not found in the stream (the TTFT targets are judged on it)");
                    }
                foreach (var proxy in new[] { "gateway-passthrough", "gateway-openai", "nginx" })
                {
                    var open = results["OpenStreams"]?[proxy];
                    Assert.That(open, Is.Not.Null, $"open streams through {proxy} were not run");
                    Assert.That((int)open!["Completed"]!, Is.EqualTo((int)open["Requested"]!), $"open streams through {proxy}: {open["FirstError"]}");
                }
                var features = results["Features"]!.AsArray().Select(f => (string)f!["Name"]!).ToList();
                Assert.That(features, Is.EquivalentTo(new[] { "keys-memory", "keys-redis", "cache-memory" }));
            });
        }
        finally
        {
            try { Directory.Delete(outDir, recursive: true); } catch (IOException) { }
        }
    }

    static bool NginxInstalled()
        => new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.Any(File.Exists)
           || (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "nginx")));
}
