using System.Diagnostics.Metrics;

namespace ModelGateway.RateLimiting;

/// <summary>Rate-limiting instruments on the gateway's "ModelGateway" meter. Tagged with key names, never keys.</summary>
internal sealed class RateLimitMetrics
{
    public const string MeterName = "ModelGateway";

    readonly Counter<long> _rejected;
    readonly Counter<long> _redisFailures;
    readonly Counter<long> _tokens;

    public RateLimitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rejected = meter.CreateCounter<long>("modelgateway.ratelimit.rejected", "{request}",
            "Requests refused with 429 because a request or token budget was spent");
        _redisFailures = meter.CreateCounter<long>("modelgateway.ratelimit.redis_failures", "{check}",
            "Rate-limit checks Redis could not answer (failed open or closed per RateLimits:FailureMode)");
        _tokens = meter.CreateCounter<long>("modelgateway.ratelimit.tokens", "{token}",
            "Tokens charged to budgets once the workers' reported usage is known");
    }

    public void Rejected(RateLimitKind kind, string caller)
        => _rejected.Add(1, new("kind", kind.Word()), new("key", caller));

    public void RedisFailure(RateLimitFailureMode mode)
        => _redisFailures.Add(1, new KeyValuePair<string, object?>("mode", mode == RateLimitFailureMode.Open ? "open" : "closed"));

    public void TokensCharged(string caller, long tokens)
        => _tokens.Add(tokens, new KeyValuePair<string, object?>("key", caller));
}
