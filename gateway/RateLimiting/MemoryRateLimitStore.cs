using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Budgets of one instance. Requests go through a partitioned <see cref="SlidingWindowRateLimiter"/> (one-second
/// segments; a changed limit starts a new partition); tokens through <see cref="TokenWindowLog"/>, since a token
/// charge must be corrected once the real usage is known, which a rate limiter lease cannot do.
/// </summary>
internal sealed class MemoryRateLimitStore : IRateLimitStore, IDisposable
{
    readonly PartitionedRateLimiter<RequestPartition> _requests;
    readonly ConcurrentDictionary<string, RequestActivity> _activity = new();
    readonly ConcurrentDictionary<string, TokenWindowLog> _tokens = new();
    readonly TimeProvider _time;
    readonly ITimer _sweeper;
    readonly long _windowMs = (long)RateLimitOptions.Window.TotalMilliseconds;

    public MemoryRateLimitStore(TimeProvider time)
    {
        _time = time;
        _requests = PartitionedRateLimiter.Create<RequestPartition, RequestPartition>(partition =>
            RateLimitPartition.GetSlidingWindowLimiter(partition, p => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = (int)Math.Min(p.Limit, int.MaxValue),
                Window = RateLimitOptions.Window,
                SegmentsPerWindow = (int)RateLimitOptions.Window.TotalSeconds,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        // Idle anonymous partitions (one per client address) must not pile up.
        _sweeper = time.CreateTimer(_ => Sweep(), null, RateLimitOptions.Window, RateLimitOptions.Window);
    }

    public ValueTask<RateLimitDecision> AcquireRequestAsync(string partition, long limit, CancellationToken cancellationToken)
    {
        var key = new RequestPartition(partition, limit);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using var lease = _requests.AttemptAcquire(key);
        var activity = _activity.GetOrAdd(partition, _ => new RequestActivity((int)RateLimitOptions.Window.TotalSeconds));
        if (lease.IsAcquired) activity.Record(now);
        var remaining = _requests.GetStatistics(key)?.CurrentAvailablePermits ?? 0;
        var (oldestLeaves, newestLeaves) = activity.Expiry(now);
        return ValueTask.FromResult(new RateLimitDecision(
            lease.IsAcquired ? RateLimitOutcome.Allowed : RateLimitOutcome.Limited, limit, remaining, newestLeaves,
            // The limiter's segment clock is not ours: one more second covers the difference.
            lease.IsAcquired ? oldestLeaves : oldestLeaves + TimeSpan.FromSeconds(1)));
    }

    public ValueTask<(RateLimitDecision Decision, string? ReservationId)> ReserveTokensAsync(string partition, long amount, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var log = _tokens.GetOrAdd(partition, _ => new TokenWindowLog());
            if (log.TryReserve(_time.GetUtcNow().ToUnixTimeMilliseconds(), _windowMs, amount, limit) is { } result)
                return ValueTask.FromResult((result.Decision, result.Id?.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public ValueTask AdjustTokensAsync(string partition, string reservationId, long delta, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(partition, out var log) && long.TryParse(reservationId, CultureInfo.InvariantCulture, out var id))
            log.Adjust(id, delta);
        return ValueTask.CompletedTask;
    }

    void Sweep()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (partition, log) in _tokens)
        {
            if (log.TryRetire(now - _windowMs)) _tokens.TryRemove(new KeyValuePair<string, TokenWindowLog>(partition, log));
        }
        foreach (var (partition, activity) in _activity)
            if (activity.LastSecond * 1000 + _windowMs < now)
                _activity.TryRemove(new KeyValuePair<string, RequestActivity>(partition, activity));
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        _requests.Dispose();
    }

    readonly record struct RequestPartition(string Name, long Limit);
}
