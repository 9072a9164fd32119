using System.Diagnostics;
using ModelGateway.Bench.Load;
using ModelGateway.Bench.Processes;
using ModelGateway.Bench.Reporting;
using ModelGateway.Bench.Scenarios;

namespace ModelGateway.Bench;

/// <summary>
/// One benchmark run: starts the simulators, nginx and the gateway, then measures every scenario in rounds that
/// alternate the targets (direct, nginx, gateway passthrough, gateway translated) so machine drift hits all alike,
/// then the many-open-streams phase and the feature rows. Every process it starts is stopped by PID at the end.
/// </summary>
public static class BenchmarkRun
{
    /// <summary>On a machine with two cores or more, proxies get core 1 and everything else core 0.</summary>
    const int ClientCore = 0, ProxyCore = 1;

    public static async Task<BenchResults> RunAsync(BenchOptions options)
    {
        var nginxBinary = options.NginxBinary ?? NginxServer.FindBinary()
            ?? throw new PrerequisiteMissingException($"nginx is not installed; the benchmark compares the gateway with it. Install it: {NginxServer.InstallHint}");
        var plan = options.Smoke ? BenchPlan.SmokeTest() : BenchPlan.Full(options.OpenStreams);
        if (options.Rounds is { } rounds) plan = plan with { Rounds = rounds };

        var pin = options.Pin && MachineDescription.Cores >= 2;
        int? clientCore = pin ? ClientCore : null, proxyCore = pin ? ProxyCore : null;
        // The load generator itself belongs on the client core too (bench/run.sh also starts it under taskset).
        if (pin) Process.GetCurrentProcess().ProcessorAffinity = 1 << ClientCore;

        var results = new BenchResults
        {
            Machine = MachineDescription.Describe(nginxBinary),
            Commit = options.Commit,
            StartedAt = DateTimeOffset.UtcNow,
            Smoke = options.Smoke,
            Pinning = pin
                ? $"gateway and nginx pinned to core {ProxyCore}; simulators, redis and the load generator to core {ClientCore} (taskset)"
                : "not pinned (fewer than 2 cores, or --no-pin)",
            Rounds = plan.Rounds,
        };
        var fdLimit = ProcFs.OpenFileLimit();
        // The gateway holds two descriptors per open stream (client and worker side).
        var openStreams = Math.Min(plan.OpenStreams, (fdLimit - 400) / 2);
        if (openStreams < plan.OpenStreams)
            Note($"open-file limit {fdLimit} allows {openStreams} open streams instead of {plan.OpenStreams} (raise it with ulimit -n)");

        var workDir = Path.Combine(options.OutDir, "work");
        Directory.CreateDirectory(workDir);

        var simulators = new List<Simulator>();
        await using var cleanup = new Cleanup();
        var starts = plan.Upstreams.Select(profile => Simulator.StartAsync(options.SimulatorDll, profile, clientCore)).ToList();
        try { await Task.WhenAll(starts); }
        finally
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully)) simulators.Add(cleanup.Add(start.Result));
        }
        var byName = simulators.ToDictionary(s => s.Profile.Name);

        var nginx = cleanup.Add(await NginxServer.StartAsync(nginxBinary, workDir, simulators, proxyCore, Math.Max(openStreams, 1024), fdLimit));
        var gateway = cleanup.Add(await GatewayServer.StartAsync(options.GatewayDll, workDir, simulators, proxyCore));

        // Idle memory: after start-up and a few health probes and inventory polls, before any traffic.
        await Task.Delay(options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5));
        results.GatewayIdleRssKb = ProcFs.StatusKilobytes(gateway.Process.Pid, "VmRSS");
        results.NginxIdleRssKb = ProcFs.StatusKilobytes(nginx.WorkerPid, "VmRSS") + ProcFs.StatusKilobytes(nginx.Master.Pid, "VmRSS");
        Note($"idle RSS: gateway {results.GatewayIdleRssKb / 1024.0:0.0} MB, nginx (master + worker) {results.NginxIdleRssKb / 1024.0:0.0} MB");

        var targets = new[]
        {
            new Target(Target.Direct, WireFormat.OllamaChat, s => s.BaseUrl, () => []),
            new Target(Target.Nginx, WireFormat.OllamaChat, nginx.BaseUrlFor, () => nginx.Pids),
            new Target(Target.GatewayPassthrough, WireFormat.OllamaChat, _ => gateway.BaseUrl, () => [gateway.Process.Pid]),
            new Target(Target.GatewayOpenAI, WireFormat.OpenAIChat, _ => gateway.BaseUrl, () => [gateway.Process.Pid]),
        };

        using var client = new BenchClient();
        if (plan.WarmUp > TimeSpan.Zero)
        {
            Note("warm-up (not measured)");
            foreach (var scenario in plan.Scenarios.Where(s => s.Upstream.TokenMs == 0))
                foreach (var target in targets)
                    await ClosedLoopRunner.RunAsync(client, target.Request(byName[scenario.Upstream.Name], scenario.Stream),
                        scenario.Concurrency, plan.WarmUp, int.MaxValue, target.ProxyPids, byName[scenario.Upstream.Name].Process.Pid);
        }

        for (var round = 1; round <= plan.Rounds; round++)
            foreach (var scenario in plan.Scenarios)
            {
                results.ScenarioTitles[scenario.Name] = scenario.Title;
                foreach (var target in targets)
                {
                    var upstream = byName[scenario.Upstream.Name];
                    var phase = await ClosedLoopRunner.RunAsync(client, target.Request(upstream, scenario.Stream), scenario.Concurrency,
                        scenario.Duration, scenario.MaxRequests, target.ProxyPids, upstream.Process.Pid);
                    Accumulate(results, scenario.Name, target.Name, phase);
                    Note($"[round {round}/{plan.Rounds}] {scenario.Name,-15} {target.Name,-20} {Summary(phase)}");
                }
            }
        results.GatewayRssAfterLoadKb = ProcFs.StatusKilobytes(gateway.Process.Pid, "VmRSS");

        var trickle = byName[plan.Trickle.Name];
        var openTargets = new (string Name, Target Target, int MemoryPid, Func<IReadOnlyList<int>> CpuPids)[]
        {
            (Target.GatewayPassthrough, targets[2], gateway.Process.Pid, targets[2].ProxyPids),
            (Target.GatewayOpenAI, targets[3], gateway.Process.Pid, targets[3].ProxyPids),
            (Target.Nginx, targets[1], nginx.WorkerPid, targets[1].ProxyPids),
        };
        foreach (var (name, target, memoryPid, cpuPids) in openTargets)
        {
            await SimulatorStats.ResetAsync(trickle.BaseUrl);
            Note($"open streams: {openStreams} through {name} ...");
            var open = await OpenStreamsRunner.RunAsync(target.Request(trickle, stream: true), openStreams, plan.OpenStreamsRamp,
                plan.OpenStreamsTimeLimit, memoryPid, cpuPids());
            results.OpenStreams[name] = open;
            results.SimulatorMaxInFlight[name] = await SimulatorStats.MaxInFlightAsync(trickle.BaseUrl);
            Note($"open streams through {name}: {open.Completed}/{open.Requested} completed, simulator saw {results.SimulatorMaxInFlight[name]} at once, peak RSS {open.PeakRssKb / 1024.0:0.0} MB");
            if (open.Failures > 0 || open.Completed != open.Requested)
                results.Problems.Add($"open streams through {name}: {open.Failures} failed of {open.Requested}; first error: {open.FirstError}");
            // Let closed connections drain before the next proxy is measured.
            await Task.Delay(options.Smoke ? 200 : 3000);
        }

        if (options.Features)
            await FeatureRounds.RunAsync(options, plan, results, simulators, byName[UpstreamProfile.Short.Name], workDir, clientCore, proxyCore, gateway, client, cleanup);
        return results;
    }

    static void Accumulate(BenchResults results, string scenario, string target, PhaseResult phase)
    {
        if (!results.Load.TryGetValue(scenario, out var byTarget)) results.Load[scenario] = byTarget = new();
        if (!byTarget.TryGetValue(target, out var total)) byTarget[target] = total = new PhaseResult();
        total.Add(phase);
        if (phase.Failures > 0 || phase.Requests == 0)
            results.Problems.Add($"{scenario} via {target}: {phase.Requests} ok, {phase.Failures} failed; first error: {phase.FirstError ?? "no request completed"}");
    }

    public static string Summary(PhaseResult phase) =>
        $"{phase.Requests,7} ok {phase.Failures,3} err {phase.RequestsPerSecond,8:0} /s  p50 {phase.Latency.Percentile(50),7:0.00} ms  p99 {phase.Latency.Percentile(99),7:0.00} ms  " +
        $"ttfb p50 {phase.FirstByte.Percentile(50),6:0.00} ms  proxy cpu {phase.ProxyCpuMicrosPerRequest,7:0.0} us/req  sim {phase.SimulatorCpuMicrosPerRequest,6:0.0} us/req";

    public static void Note(string line) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
}
