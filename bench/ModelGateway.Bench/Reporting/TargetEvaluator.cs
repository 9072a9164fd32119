using ModelGateway.Bench.Scenarios;

namespace ModelGateway.Bench.Reporting;

/// <summary>Checks a run's figures against the targets of issue 5 (ratios from the same run).</summary>
public static class TargetEvaluator
{
    const double MaxOpenStreamsRssMb = 400, MaxIdleRssMb = 80;

    public static IReadOnlyList<TargetVerdict> Evaluate(BenchResults r)
    {
        var verdicts = new List<TargetVerdict>();
        foreach (var scenario in new[] { "short-c1", "short-c16", "short-c64" })
        {
            verdicts.Add(CpuRatio(r, scenario, Target.GatewayPassthrough, 1.5, $"passthrough CPU/request vs nginx, {scenario}"));
            verdicts.Add(CpuRatio(r, scenario, Target.GatewayOpenAI, 2.0, $"translated CPU/request vs nginx, {scenario}"));
        }
        verdicts.Add(CpuRatio(r, "stream-c64", Target.GatewayPassthrough, 2.0, "passthrough CPU per 200-token stream vs nginx"));
        verdicts.Add(CpuRatio(r, "stream-c64", Target.GatewayOpenAI, 2.0, "translated CPU per 200-token stream vs nginx"));
        // With no delay the simulator's lines coalesce into few large reads; paced tokens arrive one read each,
        // which is what a real model does and what per-token costs show in.
        verdicts.Add(CpuRatio(r, "realistic-c256", Target.GatewayPassthrough, 2.0, "passthrough CPU per paced 200-token stream (one read per token) vs nginx"));
        verdicts.Add(CpuRatio(r, "realistic-c256", Target.GatewayOpenAI, 2.0, "translated CPU per paced 200-token stream (one read per token) vs nginx"));

        var direct = r.Get("realistic-c256", Target.Direct);
        var translated = r.Get("realistic-c256", Target.GatewayOpenAI);
        var nginx = r.Get("realistic-c256", Target.Nginx);
        if (direct is not null && translated is not null && nginx is not null)
        {
            // Judged per stream: each time to first token less the simulator's own wait (its first-token stamp), so
            // the simulator's timer jitter (±1 ms a stream, on the loaded client core) is out of the comparison. The
            // plain differences of whole-phase percentiles are reported alongside.
            var rawAdded = translated.FirstByte.Percentile(50) - direct.FirstByte.Percentile(50);
            var p99 = translated.FirstByte.Percentile(99);
            var nginxP99 = nginx.FirstByte.Percentile(99);
            if (translated.PathFirstToken.Count > 0 && direct.PathFirstToken.Count > 0 && nginx.PathFirstToken.Count > 0)
            {
                var added = translated.PathFirstToken.Percentile(50) - direct.PathFirstToken.Percentile(50);
                verdicts.Add(new("added TTFT p50, translated, 256 realistic streams",
                    $"{added:0.00} ms per stream, simulator's wait subtracted (difference of plain TTFT p50s: {rawAdded:0.00} ms)", "≤ 0.5 ms", added <= 0.5));
                var pathP99 = translated.PathFirstToken.Percentile(99);
                var nginxPathP99 = nginx.PathFirstToken.Percentile(99);
                verdicts.Add(new("TTFT p99, translated vs nginx, 256 realistic streams",
                    $"{pathP99:0.00} ms vs {nginxPathP99:0.00} ms per stream, simulator's wait subtracted (plain TTFT p99: {p99:0.00} ms vs {nginxP99:0.00} ms)", "≤ nginx's", pathP99 <= nginxPathP99));
            }
            else
            {
                verdicts.Add(new("added TTFT p50, translated, 256 realistic streams", $"{rawAdded:0.00} ms (no first-token stamps: difference of plain TTFT p50s)", "≤ 0.5 ms", rawAdded <= 0.5));
                verdicts.Add(new("TTFT p99, translated vs nginx, 256 realistic streams", $"{p99:0.00} ms vs {nginxP99:0.00} ms", "≤ nginx's", p99 <= nginxP99));
            }
        }

        foreach (var path in new[] { Target.GatewayPassthrough, Target.GatewayOpenAI })
        {
            if (!r.OpenStreams.TryGetValue(path, out var open)) continue;
            var peakMb = open.PeakRssKb / 1024.0;
            var held = r.SimulatorMaxInFlight.GetValueOrDefault(path);
            if (held >= 10_000 && open.Failures == 0)
            {
                verdicts.Add(new($"10,000 open streams ({path}): peak RSS", $"{peakMb:0} MB", "≤ 400 MB", peakMb <= MaxOpenStreamsRssMb));
                continue;
            }
            // The descriptor limit of the machine may stop short of 10,000: judge the linear extrapolation, and say so.
            var projected = open.ExtrapolatedPeakMb(held, 10_000);
            verdicts.Add(new($"10,000 open streams ({path}): peak RSS", $"{peakMb:0} MB with {held} held at once{(open.Failures > 0 ? $", {open.Failures} failed" : "")}; " +
                $"extrapolated to 10,000: {projected:0} MB", "≤ 400 MB", double.IsFinite(projected) && open.Failures == 0 ? projected <= MaxOpenStreamsRssMb : (peakMb > MaxOpenStreamsRssMb ? false : null)));
        }
        var idleMb = r.GatewayIdleRssKb / 1024.0;
        verdicts.Add(new("idle RSS after start", $"{idleMb:0.0} MB", "≤ 80 MB", idleMb <= MaxIdleRssMb));

        var keys = r.Features.FirstOrDefault(f => f.Name == FeatureProfile.KeysMemory.Name);
        if (keys?.NotMeasured is null && keys is not null && keys.Feature.TryGetValue("passthrough-c16", out var withKeys) && keys.Baseline.TryGetValue("passthrough-c16", out var plain))
        {
            var added = withKeys.ProxyCpuMicrosPerRequest / plain.ProxyCpuMicrosPerRequest - 1;
            verdicts.Add(new("keys + in-memory rate limit: added CPU/request", $"{added:+0.0%;-0.0%}", "≤ +5%", double.IsFinite(added) ? added <= 0.05 : null));
        }
        else verdicts.Add(new("keys + in-memory rate limit: added CPU/request", keys?.NotMeasured ?? "not run", "≤ +5%", null));

        var redis = r.Features.FirstOrDefault(f => f.Name == FeatureProfile.KeysRedis.Name);
        if (redis?.NotMeasured is null && redis?.RedisRoundTripsPerRequest is { } trips)
            verdicts.Add(new("Redis-backed rate limit: round trips per request", $"{trips:0.00} round trips/request ({redis.RedisCommandsPerRequest:0.0} commands incl. those inside the script)", "≤ 1", trips <= 1.05));
        else verdicts.Add(new("Redis-backed rate limit: round trips per request", redis?.NotMeasured ?? "not run", "≤ 1", null));
        return verdicts;
    }

    static TargetVerdict CpuRatio(BenchResults r, string scenario, string target, double limit, string what)
    {
        var gateway = r.Get(scenario, target);
        var nginx = r.Get(scenario, Target.Nginx);
        if (gateway is null || nginx is null) return new(what, "not run", $"≤ {limit}×", null);
        var ratio = gateway.ProxyCpuMicrosPerRequest / nginx.ProxyCpuMicrosPerRequest;
        return new(what, $"{ratio:0.00}× ({gateway.ProxyCpuMicrosPerRequest:0.0} vs {nginx.ProxyCpuMicrosPerRequest:0.0} µs)", $"≤ {limit}×", double.IsFinite(ratio) ? ratio <= limit : null);
    }
}
