using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ModelGateway.Redis;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Readiness detail: where budgets are counted, and whether Redis answers (Degraded, never Unhealthy, when not).
/// While an outage is recorded the probe asks Redis itself, so an instance that gets no budgeted traffic does not
/// report a Redis that has long recovered as failing.
/// </summary>
internal sealed class RateLimitHealthCheck(GatewayRateLimiter limiter, RedisOutageMonitor outage, IOptionsMonitor<RateLimitOptions> options,
    IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!limiter.IsShared)
            return HealthCheckResult.Healthy("budgets counted in this instance");
        var current = options.CurrentValue;
        if (outage.IsFailing && services.GetService<IRedisConnection>() is { } redis && await AnswersAsync(redis, current.RedisTimeout, cancellationToken))
            outage.Succeeded();
        var data = new Dictionary<string, object> { ["failureMode"] = current.FailureMode.ToString(), ["redisFailures"] = outage.Failures };
        if (!outage.IsFailing)
            return HealthCheckResult.Healthy("budgets shared through Redis", data);
        data["failingSince"] = outage.FailingSince?.ToString("O") ?? "";
        if (outage.LastError is { } error) data["lastError"] = error;
        return HealthCheckResult.Degraded(current.FailureMode == RateLimitFailureMode.Open
            ? "Redis not answering: requests are admitted without rate limits"
            : "Redis not answering: requests are refused until it answers", data: data);
    }

    static async Task<bool> AnswersAsync(IRedisConnection redis, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await redis.PingAsync(bounded.Token);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException)
        {
            return false;
        }
    }
}
