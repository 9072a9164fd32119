using System.Diagnostics;
using ModelGateway.Bench.Load;
using ModelGateway.Bench.Processes;
using ModelGateway.Bench.Reporting;
using ModelGateway.Bench.Scenarios;

namespace ModelGateway.Bench;

/// <summary>
/// One benchmark run: starts the simulators, nginx and the gateway, then measures every scenario in rounds that
/// alternate the targets (direct, nginx, the .NET floor proxy, gateway passthrough, gateway translated) so machine drift hits all alike,
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
        if (options.Scenarios is { } only) plan = plan with { Scenarios = plan.Scenarios.Where(s => only.Contains(s.Name)).ToList() };

        var pin = options.Pin && MachineDescription.Cores >= 2;
        int? clientCore = pin ? ClientCore : null, proxyCore = pin ? ProxyCore : null;
        // The load generator itself belongs on the client core too (bench/run.sh also starts it under taskset).
        if (pin && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())) Process.GetCurrentProcess().ProcessorAffinity = 1 << ClientCore;

        var results = new BenchResults
        {
            Machine = MachineDescription.Describe(nginxBinary),
            Commit = options.Commit,
            StartedAt = DateTimeOffset.UtcNow,
            Smoke = options.Smoke,
            Pinning = pin
                ? $"gateway, nginx and dotnet-floor pinned to core {ProxyCore}; simulators, redis and the load generator to core {ClientCore} (taskset)"
                : "not pinned (fewer than 2 cores, or --no-pin)",
            Rounds = plan.Rounds,
        };
        var fdLimit = ProcFs.OpenFileLimit();
        // The gateway holds two descriptors per open stream (client and worker side).
        // A proxy holds two descriptors per open stream (client and worker side), plus its own; keep 2,000 spare.
        var openStreams = Math.Min(plan.OpenStreams, (fdLimit - 2000) / 2);
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

        var nginx = cleanup.Add(await NginxServer.StartAsync(nginxBinary, workDir, simulators, proxyCore, fdLimit));
        var gateway = cleanup.Add(await GatewayServer.StartAsync(options.GatewayDll, workDir, simulators, proxyCore));
        var floor = cleanup.Add(await FloorServer.StartAsync(options.FloorDll, simulators, proxyCore));

        // Idle memory: after start-up and a few health probes and inventory polls, before any traffic.
        await Task.Delay(options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5));
        results.GatewayIdleRssKb = ProcFs.StatusKilobytes(gateway.Process.Pid, "VmRSS");
        results.NginxIdleRssKb = ProcFs.StatusKilobytes(nginx.WorkerPid, "VmRSS") + ProcFs.StatusKilobytes(nginx.Master.Pid, "VmRSS");
        Note($"idle RSS: gateway {results.GatewayIdleRssKb / 1024.0:0.0} MB, nginx (master + worker) {results.NginxIdleRssKb / 1024.0:0.0} MB");

        var targets = new[]
        {
            new Target(Target.Direct, WireFormat.OllamaChat, s => s.BaseUrl, () => []),
            new Target(Target.Nginx, WireFormat.OllamaChat, nginx.BaseUrlFor, () => nginx.Pids),
            new Target(Target.Floor, WireFormat.OllamaChat, floor.BaseUrlFor, () => [floor.Process.Pid]),
            new Target(Target.GatewayPassthrough, WireFormat.OllamaChat, _ => gateway.BaseUrl, () => [gateway.Process.Pid]),
            new Target(Target.GatewayOpenAI, WireFormat.OpenAIChat, _ => gateway.BaseUrl, () => [gateway.Process.Pid]),
        };

        using var client = new BenchClient();
        if (plan.WarmUp > TimeSpan.Zero && options.Phases.Contains("load"))
        {
            Note("warm-up (not measured)");
            foreach (var scenario in plan.Scenarios.Where(s => s.Upstream.TokenMs == 0))
                foreach (var target in targets)
                    await ClosedLoopRunner.RunAsync(client, target.Request(byName[scenario.Upstream.Name], scenario.Stream),
                        scenario.Concurrency, plan.WarmUp, int.MaxValue, target.ProxyPids, byName[scenario.Upstream.Name].Process.Pid);
        }

        var machineBefore = ProcFs.MachineBusyMilliseconds();
        var oursBefore = OwnCpuMilliseconds(nginx);
        var clock = Stopwatch.StartNew();
        for (var round = 1; round <= (options.Phases.Contains("load") ? plan.Rounds : 0); round++)
            foreach (var scenario in plan.Scenarios)
            {
                results.ScenarioTitles[scenario.Name] = scenario.Title;
                foreach (var target in targets)
                {
                    var upstream = byName[scenario.Upstream.Name];
                    var phase = await ClosedLoopRunner.RunAsync(client, target.Request(upstream, scenario.Stream), scenario.Concurrency,
                        scenario.Duration, scenario.MaxRequests, target.ProxyPids, upstream.Process.Pid, scenario.Stagger);
                    Accumulate(results, scenario.Name, target.Name, phase);
                    Note($"[round {round}/{plan.Rounds}] {scenario.Name,-15} {target.Name,-20} {Summary(phase)}");
                }
            }
        results.GatewayRssAfterLoadKb = ProcFs.StatusKilobytes(gateway.Process.Pid, "VmRSS");
        if (clock.Elapsed > TimeSpan.FromSeconds(1))
        {
            var foreign = ProcFs.MachineBusyMilliseconds() - machineBefore - (OwnCpuMilliseconds(nginx) - oursBefore);
            results.ForeignCpuShare = Math.Max(0, foreign / (clock.Elapsed.TotalMilliseconds * MachineDescription.Cores));
            Note($"other processes used {results.ForeignCpuShare:P0} of the machine during the load rounds");
        }

        if (options.Phases.Contains("open"))
            await OpenStreamsAsync(options, plan, results, simulators, byName[plan.Trickle.Name], workDir, proxyCore, nginx, openStreams);

        if (options.Features && options.Phases.Contains("features"))
            await FeatureRounds.RunAsync(options, plan, results, simulators, byName[UpstreamProfile.Short.Name], workDir, clientCore, proxyCore, gateway, client, cleanup);
        return results;
    }

    /// <summary>
    /// Many slow streams at once through each proxy. Each gateway path gets a fresh gateway process, so its peak
    /// memory is its own and not left over from the load rounds or the other path.
    /// </summary>
    static async Task OpenStreamsAsync(BenchOptions options, BenchPlan plan, BenchResults results, IReadOnlyList<Simulator> simulators,
        Simulator trickle, string workDir, int? proxyCore, NginxServer nginx, int streams)
    {
        foreach (var (name, format) in new[] { (Target.GatewayPassthrough, WireFormat.OllamaChat), (Target.GatewayOpenAI, WireFormat.OpenAIChat), (Target.Nginx, WireFormat.OllamaChat) })
        {
            GatewayServer? fresh = null;
            try
            {
                string baseUrl;
                int memoryPid;
                IReadOnlyList<int> cpuPids;
                if (name == Target.Nginx)
                {
                    (baseUrl, memoryPid, cpuPids) = (nginx.BaseUrlFor(trickle), nginx.WorkerPid, nginx.Pids);
                }
                else
                {
                    fresh = await GatewayServer.StartAsync(options.GatewayDll, workDir, simulators, proxyCore, "open-" + name);
                    await Task.Delay(options.Smoke ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(3));
                    (baseUrl, memoryPid, cpuPids) = (fresh.BaseUrl, fresh.Process.Pid, [fresh.Process.Pid]);
                }
                await SimulatorStats.ResetAsync(trickle.BaseUrl);
                Note($"open streams: {streams} through {name} ...");
                var spec = RequestSpec.Chat(baseUrl, format, trickle.Profile.Model, stream: true);
                var open = await OpenStreamsRunner.RunAsync(spec, streams, plan.OpenStreamsRamp, plan.OpenStreamsTimeLimit, memoryPid, cpuPids);
                results.OpenStreams[name] = open;
                results.SimulatorMaxInFlight[name] = await SimulatorStats.MaxInFlightAsync(trickle.BaseUrl);
                Note($"open streams through {name}: {open.Completed}/{open.Requested} completed, simulator saw {results.SimulatorMaxInFlight[name]} at once, " +
                     $"RSS {open.RssBeforeKb / 1024.0:0.0} MB before, peak {open.PeakRssKb / 1024.0:0.0} MB");
                if (open.Failures > 0 || open.Completed != open.Requested)
                    results.Problems.Add($"open streams through {name}: {open.Failures} failed of {open.Requested}; first error: {open.FirstError}" +
                                         (fresh is { Process.HasExited: true } ? $"; the gateway exited: {LastLines(fresh.Process.Output)}" : ""));
            }
            finally
            {
                if (fresh is not null) await fresh.DisposeAsync();
            }
            // Let closed connections drain before the next proxy is measured.
            await Task.Delay(options.Smoke ? 200 : 3000);
        }
    }

    static string LastLines(string output) => string.Join(" | ", output.Split('\n').TakeLast(3));

    /// <summary>CPU of everything this run started (nginx's worker included) and of the load generator.</summary>
    static double OwnCpuMilliseconds(NginxServer nginx)
        => ProcFs.CpuMilliseconds(ServerProcess.RunningPids.Concat(ProcFs.Children(nginx.Master.Pid)).Append(Environment.ProcessId).Distinct());

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
        $"ttfb p50 {phase.FirstByte.Percentile(50),6:0.00} ms  path p50 {phase.PathFirstToken.Percentile(50),5:0.00} ms  proxy cpu {phase.ProxyCpuMicrosPerRequest,7:0.0} us/req  sim {phase.SimulatorCpuMicrosPerRequest,6:0.0} us/req";

    public static void Note(string line) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
}
