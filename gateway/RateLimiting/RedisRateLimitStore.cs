using ModelGateway.Redis;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Budgets shared by every gateway instance through Redis: each check is one atomic Lua script, so the limits hold
/// exactly across instances. Keys: <c>{KeyPrefix}ratelimit:{partition}:requests</c> and <c>...:tokens:*</c>; the
/// partition is a hash tag so one check's keys share a cluster slot.
/// </summary>
internal sealed class RedisRateLimitStore : IRateLimitStore
{
    readonly IRedisConnection _redis;
    readonly Func<string> _keyPrefix;
    readonly long _windowMs = (long)RateLimitOptions.Window.TotalMilliseconds;

    public RedisRateLimitStore(IRedisConnection redis, Func<string> keyPrefix)
    {
        _redis = redis;
        _keyPrefix = keyPrefix;
    }

    public async ValueTask<RateLimitDecision> AcquireRequestAsync(string partition, long limit, CancellationToken cancellationToken)
    {
        var reply = await _redis.EvaluateAsync(RedisRateLimitScripts.AcquireRequest,
            [Key(partition, "requests")], [_windowMs, limit, Guid.NewGuid().ToString("N")], cancellationToken);
        var (admitted, count, fitsIn, newestLeaves) = Read(reply);
        return new RateLimitDecision(admitted ? RateLimitOutcome.Allowed : RateLimitOutcome.Limited, limit,
            Math.Max(0, limit - count), Ms(newestLeaves), Ms(fitsIn));
    }

    public async ValueTask<(RateLimitDecision Decision, string? ReservationId)> ReserveTokensAsync(string partition, long amount, long limit, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var reply = await _redis.EvaluateAsync(RedisRateLimitScripts.ReserveTokens, TokenKeys(partition),
            [_windowMs, limit, id, amount], cancellationToken);
        var (admitted, sum, retry, newestLeaves) = Read(reply);
        var decision = new RateLimitDecision(admitted ? RateLimitOutcome.Allowed : RateLimitOutcome.Limited, limit,
            Math.Max(0, limit - sum), Ms(newestLeaves), Ms(retry));
        return (decision, admitted ? id : null);
    }

    public async ValueTask AdjustTokensAsync(string partition, string reservationId, long delta, CancellationToken cancellationToken)
        => await _redis.EvaluateAsync(RedisRateLimitScripts.AdjustTokens, TokenKeys(partition), [reservationId, delta], cancellationToken);

    RedisArgument[] TokenKeys(string partition)
        => [Key(partition, "tokens:log"), Key(partition, "tokens:amounts"), Key(partition, "tokens:sum")];

    RedisArgument Key(string partition, string suffix) => $"{_keyPrefix()}ratelimit:{{{partition}}}:{suffix}";

    static (bool, long, long, long) Read(RedisReply reply)
    {
        var e = reply.Elements;
        if (e.Count != 4) throw new RedisException($"rate-limit script returned {reply} instead of 4 numbers");
        return (e[0].AsInt64() == 1, e[1].AsInt64(), e[2].AsInt64(), e[3].AsInt64());
    }

    static TimeSpan Ms(long value) => TimeSpan.FromMilliseconds(Math.Max(0, value));
}
