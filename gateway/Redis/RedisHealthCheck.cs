using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelGateway.Redis;

/// <summary>
/// Readiness detail for Redis. Redis being down degrades the gateway (cache misses, limits fail open or closed)
/// but never stops it serving, so this reports Degraded, not Unhealthy.
/// </summary>
internal sealed class RedisHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IRedisConnection)) is not IRedisConnection redis)
            return HealthCheckResult.Healthy("not configured: cache and rate limits are in memory");

        var data = new Dictionary<string, object> { ["endpoint"] = redis.Endpoint };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            var latency = await redis.PingAsync(timeout.Token);
            data["latencyMs"] = Math.Round(latency.TotalMilliseconds, 2);
            return HealthCheckResult.Healthy("connected", data);
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException)
        {
            var status = redis.GetStatus();
            data["error"] = ex is RedisException ? ex.Message : "no reply to PING within 1 s";
            if (status.LastError is { } error) data["lastError"] = error;
            return HealthCheckResult.Degraded("unreachable or not answering: responses are not cached and shared rate limits follow RateLimits:FailureMode (see the ratelimits check)", data: data);
        }
    }
}
