using System.Globalization;
using System.Text;
using ModelGateway.Bench.Load;
using ModelGateway.Bench.Scenarios;

namespace ModelGateway.Bench.Reporting;

/// <summary>Renders a run as the markdown tables that docs/benchmarks.md quotes.</summary>
public static class MarkdownReport
{
    static readonly string[] TargetOrder = [Target.Direct, Target.Nginx, Target.Floor, Target.GatewayPassthrough, Target.GatewayOpenAI];

    public static string Render(BenchResults r)
    {
        var md = new StringBuilder();
        md.AppendLine($"## Run of {r.StartedAt:yyyy-MM-dd HH:mm} UTC, commit {r.Commit}{(r.Smoke ? " — SMOKE (tiny counts, figures meaningless)" : "")}");
        md.AppendLine();
        md.AppendLine($"- machine: {r.Machine}");
        md.AppendLine($"- pinning: {r.Pinning}");
        if (r.ForeignCpuShare is { } foreign)
            md.AppendLine($"- other processes on the machine used {foreign:P0} of its CPU during the load rounds{(foreign > 0.05 ? " — **the run was disturbed; treat latencies with care** (CPU per request is charged per process and suffers less)" : "")}");
        md.AppendLine($"- {r.Rounds} round(s); in each, the targets run one after another (direct, nginx, dotnet-floor, gateway-passthrough, gateway-openai), so drift hits all alike; figures are over all rounds");
        md.AppendLine("- CPU is utime+stime from /proc/<pid>/stat of the proxy process (nginx: master + worker) over the phase ÷ successful requests: µs per request = ms per 1,000 requests");
        md.AppendLine();

        foreach (var (scenario, byTarget) in r.Load)
        {
            var stream = scenario.StartsWith("stream", StringComparison.Ordinal) || scenario.StartsWith("realistic", StringComparison.Ordinal);
            md.AppendLine($"### {scenario}: {r.ScenarioTitles.GetValueOrDefault(scenario, scenario)}");
            md.AppendLine();
            var direct = byTarget.GetValueOrDefault(Target.Direct);
            var nginx = byTarget.GetValueOrDefault(Target.Nginx);
            md.AppendLine(stream
                ? "| target | streams/s | ÷ direct | ÷ nginx | TTFT p50 ms | TTFT p99 ms | added TTFT p50 / p99 ms | path to first token p50 / p99 ms (request leg + response leg p50) | added, per stream, p50 / p99 ms | longest pause ms (max / p99) | total p50 ms | proxy CPU µs/stream | CPU ÷ nginx | sim CPU µs | client CPU µs | ok / failed |"
                : "| target | req/s | ÷ direct | ÷ nginx | p50 ms | p99 ms | added p50 / p99 ms | proxy CPU µs/req | CPU ÷ nginx | sim CPU µs/req | client CPU µs/req | ok / failed |");
            md.AppendLine(stream
                ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
                : "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var name in TargetOrder)
            {
                if (!byTarget.TryGetValue(name, out var p)) continue;
                var vsDirect = Ratio(p.RequestsPerSecond, direct?.RequestsPerSecond);
                var vsNginx = Ratio(p.RequestsPerSecond, nginx?.RequestsPerSecond);
                var cpuVsNginx = Ratio(p.ProxyCpuMicrosPerRequest, nginx?.ProxyCpuMicrosPerRequest);
                if (stream)
                {
                    var added = $"{F(p.FirstByte.Percentile(50) - (direct?.FirstByte.Percentile(50) ?? double.NaN))} / {F(p.FirstByte.Percentile(99) - (direct?.FirstByte.Percentile(99) ?? double.NaN))}";
                    var path = $"{F(p.PathFirstToken.Percentile(50))} / {F(p.PathFirstToken.Percentile(99))} ({F(p.RequestLeg.Percentile(50))} + {F(p.ResponseLeg.Percentile(50))})";
                    var addedPath = $"{F(p.PathFirstToken.Percentile(50) - (direct?.PathFirstToken.Percentile(50) ?? double.NaN))} / {F(p.PathFirstToken.Percentile(99) - (direct?.PathFirstToken.Percentile(99) ?? double.NaN))}";
                    md.AppendLine($"| {name} | {F(p.RequestsPerSecond, 0)} | {vsDirect} | {vsNginx} | {F(p.FirstByte.Percentile(50))} | {F(p.FirstByte.Percentile(99))} | {added} | {path} | {addedPath} | {F(p.MaxGap.Max, 1)} / {F(p.MaxGap.Percentile(99), 1)} | {F(p.Latency.Percentile(50), 1)} | {F(p.ProxyCpuMicrosPerRequest, 0)} | {cpuVsNginx} | {F(p.SimulatorCpuMicrosPerRequest, 0)} | {F(p.LoadGeneratorCpuMicrosPerRequest, 0)} | {p.Requests} / {p.Failures} |");
                }
                else
                {
                    var added = $"{F(p.Latency.Percentile(50) - (direct?.Latency.Percentile(50) ?? double.NaN))} / {F(p.Latency.Percentile(99) - (direct?.Latency.Percentile(99) ?? double.NaN))}";
                    md.AppendLine($"| {name} | {F(p.RequestsPerSecond, 0)} | {vsDirect} | {vsNginx} | {F(p.Latency.Percentile(50))} | {F(p.Latency.Percentile(99))} | {added} | {F(p.ProxyCpuMicrosPerRequest, 1)} | {cpuVsNginx} | {F(p.SimulatorCpuMicrosPerRequest, 1)} | {F(p.LoadGeneratorCpuMicrosPerRequest, 1)} | {p.Requests} / {p.Failures} |");
                }
            }
            md.AppendLine();
        }

        md.AppendLine("### Memory: idle and many open streams");
        md.AppendLine();
        md.AppendLine("- each gateway path is measured in a fresh gateway process (RSS before = that process idle after start); nginx in its running worker");
        md.AppendLine($"- gateway idle RSS after start (before any traffic): **{r.GatewayIdleRssKb / 1024.0:0.0} MB**; after the load phases: {r.GatewayRssAfterLoadKb / 1024.0:0.0} MB; nginx idle (master + worker): {r.NginxIdleRssKb / 1024.0:0.0} MB");
        md.AppendLine();
        md.AppendLine("| through | streams | completed / failed | held at once (simulator's max in flight) | RSS before MB | peak RSS MB (VmHWM) | peak extrapolated to 10,000 MB | RSS after MB | proxy CPU ms | TTFT p50 / p99 ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, o) in r.OpenStreams)
            md.AppendLine($"| {name} | {o.Requested} | {o.Completed} / {o.Failures} | {r.SimulatorMaxInFlight.GetValueOrDefault(name)} | {o.RssBeforeKb / 1024.0:0.0} | **{o.PeakRssKb / 1024.0:0.0}** | {F(o.ExtrapolatedPeakMb(r.SimulatorMaxInFlight.GetValueOrDefault(name), 10_000), 0)} | {o.RssAfterKb / 1024.0:0.0} | {o.ProxyCpuMs:0} | {F(o.FirstByte.Percentile(50), 1)} / {F(o.FirstByte.Percentile(99), 1)} |");
        md.AppendLine();

        if (r.Features.Count > 0)
        {
            md.AppendLine("### Features (each against the plain gateway in the same rounds)");
            md.AppendLine();
            md.AppendLine("| feature | status | passthrough c1 p50 ms (plain → feature) | passthrough c16 CPU µs/req (plain → feature) | translated c16 CPU µs/req (plain → feature) | cache hits | Redis RTT p50 ms | Redis round trips / commands per request |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var f in r.Features)
            {
                if (f.NotMeasured is not null && !r.Smoke)
                {
                    md.AppendLine($"| {f.Name} | **not yet measured**: {f.NotMeasured} | | | | | | |");
                    continue;
                }
                string Pair(string phase, Func<PhaseResult, double> value, int digits) =>
                    f.Baseline.TryGetValue(phase, out var b) && f.Feature.TryGetValue(phase, out var x)
                        ? $"{F(value(b), digits)} → {F(value(x), digits)} ({Change(value(x), value(b))})" : "–";
                var hits = f.Feature.Values.Sum(p => p.CacheHits);
                var total = f.Feature.Values.Sum(p => p.Requests);
                md.AppendLine($"| {f.Name} | {f.NotMeasured ?? "measured"} | {Pair("passthrough-c1", p => p.Latency.Percentile(50), 3)} | {Pair("passthrough-c16", p => p.ProxyCpuMicrosPerRequest, 1)} | {Pair("openai-c16", p => p.ProxyCpuMicrosPerRequest, 1)} | {hits}/{total} | {F(f.RedisRoundTripMs ?? double.NaN, 3)} | {F(f.RedisRoundTripsPerRequest ?? double.NaN, 2)} / {F(f.RedisCommandsPerRequest ?? double.NaN, 1)} |");
            }
            md.AppendLine();
        }

        md.AppendLine("### Targets (issue 5)");
        md.AppendLine();
        md.AppendLine("| target | measured | limit | outcome |");
        md.AppendLine("|---|---|---|---|");
        foreach (var v in TargetEvaluator.Evaluate(r))
            md.AppendLine($"| {v.Target} | {v.Measured} | {v.Limit} | {v.Outcome} |");
        md.AppendLine();

        if (r.Problems.Count > 0)
        {
            md.AppendLine("### Problems");
            foreach (var problem in r.Problems) md.AppendLine("- " + problem);
            md.AppendLine();
        }
        return md.ToString();
    }

    static string Ratio(double value, double? reference)
        => reference is { } d && d > 0 && double.IsFinite(value) && double.IsFinite(d) ? (value / d).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";

    static string Change(double value, double baseline)
        => baseline > 0 && double.IsFinite(value) ? (value / baseline - 1).ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) : "–";

    static string F(double value, int digits = 2)
        => double.IsFinite(value) ? value.ToString("F" + digits, CultureInfo.InvariantCulture) : "–";
}
