using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ModelGateway.RateLimiting;

/// <summary>Readiness detail: where budgets are counted, and whether Redis answers (Degraded, never Unhealthy, when not).</summary>
internal sealed class RateLimitHealthCheck(GatewayRateLimiter limiter, RedisOutageMonitor outage, IOptionsMonitor<RateLimitOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!limiter.IsShared)
            return Task.FromResult(HealthCheckResult.Healthy("budgets counted in this instance"));
        var mode = options.CurrentValue.FailureMode;
        var data = new Dictionary<string, object> { ["failureMode"] = mode.ToString(), ["redisFailures"] = outage.Failures };
        if (!outage.IsFailing)
            return Task.FromResult(HealthCheckResult.Healthy("budgets shared through Redis", data));
        data["failingSince"] = outage.FailingSince?.ToString("O") ?? "";
        if (outage.LastError is { } error) data["lastError"] = error;
        return Task.FromResult(HealthCheckResult.Degraded(mode == RateLimitFailureMode.Open
            ? "Redis not answering: requests are admitted without rate limits"
            : "Redis not answering: requests are refused until it answers", data: data));
    }
}
