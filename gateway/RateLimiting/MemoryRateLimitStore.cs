using System.Collections.Concurrent;
using System.Globalization;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Budgets of one instance. Requests are counted in a <see cref="RequestWindow"/> per partition (one-second steps);
/// tokens in a <see cref="TokenWindowLog"/>, since a token charge must be corrected once the real usage is known.
/// </summary>
internal sealed class MemoryRateLimitStore : IRateLimitStore, IDisposable
{
    readonly ConcurrentDictionary<string, RequestWindow> _requests = new();
    readonly ConcurrentDictionary<string, TokenWindowLog> _tokens = new();
    readonly TimeProvider _time;
    readonly ITimer _sweeper;
    readonly long _windowMs = (long)RateLimitOptions.Window.TotalMilliseconds;

    public MemoryRateLimitStore(TimeProvider time)
    {
        _time = time;
        // Idle anonymous partitions (one per client address) must not pile up.
        _sweeper = time.CreateTimer(_ => Sweep(), null, RateLimitOptions.Window, RateLimitOptions.Window);
    }

    public ValueTask<RateLimitDecision> AcquireRequestAsync(string partition, long limit, CancellationToken cancellationToken)
    {
        var window = _requests.GetOrAdd(partition, static _ => new RequestWindow(RateLimitOptions.Window));
        return ValueTask.FromResult(window.TryAcquire(_time.GetUtcNow().ToUnixTimeMilliseconds(), limit));
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
        foreach (var (partition, window) in _requests)
            if (window.IsIdleAt(now))
                _requests.TryRemove(new KeyValuePair<string, RequestWindow>(partition, window));
    }

    public void Dispose() => _sweeper.Dispose();
}
