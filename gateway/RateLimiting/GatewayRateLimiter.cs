using Microsoft.Extensions.Options;
using ModelGateway.Redis;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Checks budgets in the store in use (Redis when configured, else this process) and applies the failure mode when
/// Redis cannot answer in RateLimits:RedisTimeout: fail open admits unchecked, fail closed refuses. Never throws for
/// a store failure, so Redis trouble cannot take the gateway down.
/// </summary>
internal sealed class GatewayRateLimiter
{
    readonly IOptionsMonitor<RateLimitOptions> _options;
    readonly MemoryRateLimitStore _memory;
    readonly RedisRateLimitStore? _redis;
    readonly RedisOutageMonitor _outage;
    readonly RateLimitMetrics _metrics;

    public GatewayRateLimiter(IOptionsMonitor<RateLimitOptions> options, MemoryRateLimitStore memory, RedisOutageMonitor outage,
        RateLimitMetrics metrics, IServiceProvider services, IOptionsMonitor<RedisOptions> redisOptions)
    {
        _options = options;
        _memory = memory;
        _outage = outage;
        _metrics = metrics;
        if (services.GetService<IRedisConnection>() is { } redis)
            _redis = new RedisRateLimitStore(redis, () => redisOptions.CurrentValue.KeyPrefix);
    }

    /// <summary>True when budgets are shared through Redis.</summary>
    public bool IsShared => _redis is not null && _options.CurrentValue.UseRedis;

    IRateLimitStore Store => IsShared ? _redis! : _memory;

    public async ValueTask<RateLimitDecision> AcquireRequestAsync(string partition, string caller, long limit, CancellationToken cancellationToken)
    {
        var store = Store;
        var decision = await GuardAsync(store, limit, token => store.AcquireRequestAsync(partition, limit, token), d => d, cancellationToken);
        if (decision.Outcome == RateLimitOutcome.Limited) _metrics.Rejected(RateLimitKind.Requests, caller);
        return decision;
    }

    /// <summary>Charges the estimate; an amount above the whole budget is charged as the budget, so it can pass when idle.</summary>
    public async ValueTask<TokenReservation> ReserveTokensAsync(string partition, string caller, long estimate, long limit, CancellationToken cancellationToken)
    {
        var amount = Math.Clamp(estimate, 1, limit);
        var store = Store;
        var (decision, id) = await GuardAsync(store, limit,
            token => store.ReserveTokensAsync(partition, amount, limit, token), d => (d, (string?)null), cancellationToken);
        if (decision.Outcome == RateLimitOutcome.Limited) _metrics.Rejected(RateLimitKind.Tokens, caller);
        return new TokenReservation(partition, caller, amount, decision, id, store);
    }

    /// <summary>Replaces the estimate with the real usage. Runs once per reservation; never throws.</summary>
    public async Task SettleAsync(TokenReservation reservation, long actual)
    {
        if (!reservation.TryBeginSettle()) return;
        if (reservation.Id is null || reservation.Store is not { } store) return;
        _metrics.TokensCharged(reservation.Caller, actual);
        var delta = actual - reservation.Amount;
        if (delta == 0) return;
        try
        {
            await GuardAsync(store, 0, async token =>
            {
                await store.AdjustTokensAsync(reservation.Partition, reservation.Id, delta, token);
                return true;
            }, _ => false, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
        }
    }

    async ValueTask<T> GuardAsync<T>(IRateLimitStore store, long limit, Func<CancellationToken, ValueTask<T>> check,
        Func<RateLimitDecision, T> onFailure, CancellationToken cancellationToken)
    {
        if (store is not RedisRateLimitStore) return await check(cancellationToken);
        var options = _options.CurrentValue;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RedisTimeout);
        try
        {
            var result = await check(timeout.Token);
            _outage.Succeeded();
            return result;
        }
        catch (Exception ex) when (ex is RedisException or OperationCanceledException or InvalidCastException && !cancellationToken.IsCancellationRequested)
        {
            var error = ex is OperationCanceledException ? new TimeoutException($"Redis did not answer within {options.RedisTimeout.TotalMilliseconds:0} ms") : ex;
            _outage.Failed(error, options.FailureMode, options.FailureLogInterval);
            _metrics.RedisFailure(options.FailureMode);
            return onFailure(options.FailureMode == RateLimitFailureMode.Open ? RateLimitDecision.Unchecked(limit) : RateLimitDecision.Unavailable(limit));
        }
    }
}
