using System.Text.Json;
using ModelGateway.Bench.Load;

namespace ModelGateway.Bench.Reporting;

/// <summary>The raw figures of a run as JSON, for comparing runs over time.</summary>
public static class JsonReport
{
    public static string Render(BenchResults r)
    {
        static object Phase(PhaseResult p) => new
        {
            p.Requests, p.Failures, p.CacheHits, p.ElapsedSeconds, RequestsPerSecond = Finite(p.RequestsPerSecond),
            LatencyP50Ms = Finite(p.Latency.Percentile(50)), LatencyP99Ms = Finite(p.Latency.Percentile(99)),
            FirstByteP50Ms = Finite(p.FirstByte.Percentile(50)), FirstByteP99Ms = Finite(p.FirstByte.Percentile(99)),
            PathFirstTokenP50Ms = Finite(p.PathFirstToken.Percentile(50)), PathFirstTokenP99Ms = Finite(p.PathFirstToken.Percentile(99)),
            RequestLegP50Ms = Finite(p.RequestLeg.Percentile(50)), ResponseLegP50Ms = Finite(p.ResponseLeg.Percentile(50)),
            MaxGapMs = Finite(p.MaxGap.Max), MaxGapP99Ms = Finite(p.MaxGap.Percentile(99)),
            ProxyCpuMicrosPerRequest = Finite(p.ProxyCpuMicrosPerRequest),
            SimulatorCpuMicrosPerRequest = Finite(p.SimulatorCpuMicrosPerRequest),
            LoadGeneratorCpuMicrosPerRequest = Finite(p.LoadGeneratorCpuMicrosPerRequest),
            p.FirstError,
        };
        var document = new
        {
            r.StartedAt, r.Commit, r.Machine, r.Pinning, r.Smoke, r.Rounds,
            Load = r.Load.ToDictionary(s => s.Key, s => s.Value.ToDictionary(t => t.Key, t => Phase(t.Value))),
            r.ForeignCpuShare, r.GatewayIdleRssKb, r.GatewayRssAfterLoadKb, r.NginxIdleRssKb,
            OpenStreams = r.OpenStreams.ToDictionary(o => o.Key, o => new
            {
                o.Value.Requested, o.Value.Completed, o.Value.Failures, HeldAtOnce = r.SimulatorMaxInFlight.GetValueOrDefault(o.Key),
                o.Value.RssBeforeKb, o.Value.PeakRssKb, o.Value.RssAfterKb, o.Value.ProxyCpuMs, o.Value.FirstError,
            }),
            Features = r.Features.Select(f => new
            {
                f.Name, f.NotMeasured, f.RedisRoundTripMs, f.RedisCommandsPerRequest, f.RedisRoundTripsPerRequest,
                Feature = f.Feature.ToDictionary(p => p.Key, p => Phase(p.Value)),
                Baseline = f.Baseline.ToDictionary(p => p.Key, p => Phase(p.Value)),
            }),
            Targets = TargetEvaluator.Evaluate(r),
            r.Problems,
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;
}
