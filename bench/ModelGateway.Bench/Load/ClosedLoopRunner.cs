using System.Diagnostics;
using ModelGateway.Bench.Processes;

namespace ModelGateway.Bench.Load;

/// <summary>
/// Closed-loop load: <c>concurrency</c> callers each send the next request as soon as the previous one ends, until the
/// phase's time or request budget is spent. CPU counters of the proxy, the simulator and this process are read
/// around the phase, so their deltas cover exactly the requests counted.
/// </summary>
public static class ClosedLoopRunner
{
    public static async Task<PhaseResult> RunAsync(BenchClient client, RequestSpec spec, int concurrency, TimeSpan duration,
        int maxRequests, Func<IReadOnlyList<int>> proxyPids, int simulatorPid, TimeSpan stagger = default)
    {
        var pids = proxyPids();
        var proxyBefore = ProcFs.CpuMilliseconds(pids);
        var simBefore = ProcFs.CpuMilliseconds(simulatorPid);
        var selfBefore = ProcFs.CpuMilliseconds(Environment.ProcessId);

        // Requests still running at the deadline finish; this is only the hard stop for a hung target.
        using var hardStop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60));
        var stopwatch = Stopwatch.StartNew();
        var issued = 0;
        var callers = Enumerable.Range(0, concurrency).Select(index => Task.Run(async () =>
        {
            var local = new PhaseResult();
            if (stagger > TimeSpan.Zero) await Task.Delay(stagger * index / concurrency);
            var buffer = new byte[16 * 1024];
            while (stopwatch.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
            {
                var call = await client.SendAsync(spec, buffer, hardStop.Token);
                Record(local, call);
            }
            return local;
        })).ToArray();
        var results = await Task.WhenAll(callers);
        stopwatch.Stop();

        var total = new PhaseResult { HasProxy = pids.Count > 0 };
        foreach (var result in results) total.Add(result);
        total.ElapsedSeconds = stopwatch.Elapsed.TotalSeconds;
        total.ProxyCpuMs = pids.Count == 0 ? 0 : ProcFs.CpuMilliseconds(pids) - proxyBefore;
        total.SimulatorCpuMs = ProcFs.CpuMilliseconds(simulatorPid) - simBefore;
        total.LoadGeneratorCpuMs = ProcFs.CpuMilliseconds(Environment.ProcessId) - selfBefore;
        return total;
    }

    public static void Record(PhaseResult result, in CallResult call)
    {
        if (!call.Ok)
        {
            result.Failures++;
            result.FirstError ??= call.Error;
            return;
        }
        result.Requests++;
        if (call.CacheHit) result.CacheHits++;
        result.Latency.Add(call.LatencyMs);
        if (call.FirstByteMs >= 0) result.FirstByte.Add(call.FirstByteMs);
        result.MaxGap.Add(call.MaxGapMs);
        if (call.PathFirstTokenMs >= 0)
        {
            result.PathFirstToken.Add(call.PathFirstTokenMs);
            result.RequestLeg.Add(call.RequestLegMs);
            result.ResponseLeg.Add(call.ResponseLegMs);
        }
    }
}
