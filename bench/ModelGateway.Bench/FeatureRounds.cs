using System.Net;
using ModelGateway.Bench.Load;
using ModelGateway.Bench.Processes;
using ModelGateway.Bench.Reporting;
using ModelGateway.Bench.Scenarios;

namespace ModelGateway.Bench;

/// <summary>
/// The feature rows: gateways started with the overlays in bench/profiles (keys + in-memory rate limit, keys +
/// Redis rate limit, response cache), each measured next to a phase of the plain gateway. A feature the gateway
/// build does not enforce yet is detected (a request without a key is not refused; a repeated request is not a
/// cache hit) and its row reads "not yet measured".
/// </summary>
public static class FeatureRounds
{
    static readonly (string Name, WireFormat Format, int Concurrency)[] Phases =
    [
        ("passthrough-c1", WireFormat.OllamaChat, 1),
        ("passthrough-c16", WireFormat.OllamaChat, 16),
        ("openai-c16", WireFormat.OpenAIChat, 16),
    ];

    public static async Task RunAsync(BenchOptions options, BenchPlan plan, BenchResults results, IReadOnlyList<Simulator> simulators,
        Simulator upstream, string workDir, int? clientCore, int? proxyCore, GatewayServer plain, BenchClient client, Cleanup cleanup)
    {
        RedisServer? redis = null;
        var profiles = new[] { FeatureProfile.KeysMemory, FeatureProfile.KeysRedis, FeatureProfile.CacheMemory };
        if (profiles.Any(p => p.NeedsRedis))
        {
            if (RedisServer.FindBinary() is { } redisBinary) redis = cleanup.Add(await RedisServer.StartAsync(redisBinary, workDir, clientCore));
            else results.Problems.Add($"redis-server is not installed, so the Redis-backed rate limit cannot be measured: {RedisServer.InstallHint}");
        }

        var starting = new List<(FeatureProfile Profile, FeatureResult Result, Task<GatewayServer> Start)>();
        foreach (var profile in profiles)
        {
            var result = new FeatureResult { Name = profile.Name };
            results.Features.Add(result);
            if (profile.NeedsRedis && redis is null)
            {
                result.NotMeasured = $"redis-server is not installed ({RedisServer.InstallHint})";
                continue;
            }
            starting.Add((profile, result, GatewayServer.StartAsync(options.GatewayDll, workDir, simulators, proxyCore, profile.Name,
                profile.LoadOverlay(options.ProfilesDir, redis?.Endpoint))));
        }
        try { await Task.WhenAll(starting.Select(s => s.Start)); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }

        var variants = new List<(FeatureProfile Profile, GatewayServer Gateway, FeatureResult Result)>();
        foreach (var (profile, result, start) in starting)
        {
            if (!start.IsCompletedSuccessfully)
            {
                result.NotMeasured = $"the gateway did not start with bench/profiles/{profile.Name}.json";
                results.Problems.Add($"{profile.Name}: {start.Exception?.InnerException?.Message}");
                continue;
            }
            var gateway = cleanup.Add(start.Result);
            result.NotMeasured = await ProbeAsync(profile, gateway, upstream, results);
            BenchmarkRun.Note($"feature {profile.Name}: {result.NotMeasured ?? "enforced, measuring"}");
            if (result.NotMeasured is null || options.Smoke) variants.Add((profile, gateway, result));
        }
        if (variants.Count == 0) return;

        using var probe = redis is null ? null : new RedisProbe(redis.Port);
        var keysRedis = variants.FirstOrDefault(v => v.Profile == FeatureProfile.KeysRedis).Result;
        if (probe is not null && keysRedis is not null) keysRedis.RedisRoundTripMs = probe.MedianRoundTripMs(options.Smoke ? 20 : 2000);
        long redisCommands = 0, redisRequests = 0;

        if (plan.WarmUp > TimeSpan.Zero)
        {
            BenchmarkRun.Note("feature warm-up (not measured)");
            foreach (var (_, format, concurrency) in Phases)
                foreach (var (gateway, key) in variants.Select(v => (v.Gateway, v.Profile.UsesKey ? FeatureProfile.ApiKey : null)).Prepend((plain, null)))
                    await ClosedLoopRunner.RunAsync(client, RequestSpec.Chat(gateway.BaseUrl, format, upstream.Profile.Model, false, key),
                        concurrency, plan.WarmUp, int.MaxValue, () => [gateway.Process.Pid], upstream.Process.Pid);
        }

        // Each feature is measured right next to its own plain-gateway phase, and which of the two runs first swaps
        // every round: this machine drifts more between rounds (the plain gateway measured 45, 74 and 51 µs per
        // request in one run) than keys cost, so only neighbours are compared.
        for (var round = 1; round <= plan.Rounds; round++)
            foreach (var (phaseName, format, concurrency) in Phases)
                foreach (var (profile, gateway, result) in variants)
                {
                    async Task<PhaseResult> PlainAsync()
                    {
                        var baseline = await RunPhaseAsync(client, plain, null, upstream, format, concurrency, plan);
                        BenchmarkRun.Note($"[round {round}/{plan.Rounds}] {phaseName,-15} {"plain",-20} {BenchmarkRun.Summary(baseline)}");
                        return baseline;
                    }
                    async Task<PhaseResult> FeatureAsync()
                    {
                        var before = profile.NeedsRedis ? probe?.CommandsProcessed() : null;
                        var phase = await RunPhaseAsync(client, gateway, profile.UsesKey ? FeatureProfile.ApiKey : null, upstream, format, concurrency, plan);
                        if (before is { } b && probe is not null)
                        {
                            redisCommands += probe.CommandsProcessed() - b - 1;
                            redisRequests += phase.Requests;
                        }
                        BenchmarkRun.Note($"[round {round}/{plan.Rounds}] {phaseName,-15} {profile.Name,-20} {BenchmarkRun.Summary(phase)}");
                        if (phase.Failures > 0 || phase.Requests == 0)
                            results.Problems.Add($"{profile.Name} {phaseName}: {phase.Requests} ok, {phase.Failures} failed; first error: {phase.FirstError}");
                        return phase;
                    }

                    PhaseResult plainPhase, featurePhase;
                    if (round % 2 == 1)
                    {
                        plainPhase = await PlainAsync();
                        featurePhase = await FeatureAsync();
                    }
                    else
                    {
                        featurePhase = await FeatureAsync();
                        plainPhase = await PlainAsync();
                    }
                    Add(result.Baseline, phaseName, plainPhase);
                    Add(result.Feature, phaseName, featurePhase);
                }
        if (keysRedis is not null && redisRequests > 0) keysRedis.RedisCommandsPerRequest = (double)redisCommands / redisRequests;
        if (keysRedis is not null && redis is not null)
        {
            // Commands counted by INFO include those a Lua script runs inside Redis; round trips are what cost latency.
            var gateway = variants.First(v => v.Profile == FeatureProfile.KeysRedis).Gateway;
            const int requests = 200;
            var (trips, inScripts) = await RedisMonitor.CountAsync(redis.Port, () => ClosedLoopRunner.RunAsync(client,
                RequestSpec.Chat(gateway.BaseUrl, WireFormat.OllamaChat, upstream.Profile.Model, stream: false, FeatureProfile.ApiKey),
                1, TimeSpan.FromSeconds(30), requests, () => [gateway.Process.Pid], upstream.Process.Pid));
            keysRedis.RedisRoundTripsPerRequest = (double)trips / requests;
            BenchmarkRun.Note($"keys-redis: {trips} Redis round trips and {inScripts} commands inside scripts for {requests} requests");
        }
    }

    static Task<PhaseResult> RunPhaseAsync(BenchClient client, GatewayServer gateway, string? apiKey, Simulator upstream, WireFormat format, int concurrency, BenchPlan plan)
    {
        var spec = RequestSpec.Chat(gateway.BaseUrl, format, upstream.Profile.Model, stream: false, apiKey);
        return ClosedLoopRunner.RunAsync(client, spec, concurrency, plan.FeatureDuration, plan.FeatureMaxRequests, () => [gateway.Process.Pid], upstream.Process.Pid);
    }

    /// <summary>Null when the gateway enforces the feature; otherwise why the row cannot be measured yet.</summary>
    static async Task<string?> ProbeAsync(FeatureProfile profile, GatewayServer gateway, Simulator upstream, BenchResults results)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var spec = RequestSpec.Chat(gateway.BaseUrl, WireFormat.OllamaChat, upstream.Profile.Model, stream: false);
        async Task<HttpResponseMessage> SendAsync(string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, spec.Uri) { Content = new ByteArrayContent(spec.Body) };
            request.Content.Headers.ContentType = new("application/json");
            if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
            return await http.SendAsync(request);
        }

        if (profile.UsesKey)
        {
            using var withKey = await SendAsync(FeatureProfile.ApiKey);
            if (withKey.StatusCode != HttpStatusCode.OK)
            {
                results.Problems.Add($"{profile.Name}: a request with the bench key got {(int)withKey.StatusCode}: {await withKey.Content.ReadAsStringAsync()}");
                return $"the gateway refused the bench key ({(int)withKey.StatusCode}); check bench/profiles/{profile.Name}.json";
            }
            using var withoutKey = await SendAsync(null);
            return withoutKey.StatusCode == HttpStatusCode.Unauthorized
                ? null
                : $"this gateway build does not enforce Authentication:ApiKeys (a request without a key got {(int)withoutKey.StatusCode})";
        }

        using var first = await SendAsync(null);
        using var second = await SendAsync(null);
        if (first.StatusCode != HttpStatusCode.OK || second.StatusCode != HttpStatusCode.OK)
            results.Problems.Add($"{profile.Name}: requests got {(int)first.StatusCode} and {(int)second.StatusCode}");
        return second.Headers.TryGetValues("X-Cache", out var values) && values.Contains("HIT")
            ? null
            : "this gateway build has no response cache (a repeated request was not answered with X-Cache: HIT)";
    }

    static void Add(Dictionary<string, PhaseResult> into, string phase, PhaseResult result)
    {
        if (!into.TryGetValue(phase, out var total)) into[phase] = total = new PhaseResult();
        total.Add(result);
    }
}
