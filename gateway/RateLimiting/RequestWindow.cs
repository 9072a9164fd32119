namespace ModelGateway.RateLimiting;

/// <summary>
/// One caller's sliding window of admitted requests in this process: counts per second over the last window, a
/// running total, and the oldest second still counted, so a check is a few comparisons under one lock (no scan) and
/// the reset and Retry-After values come from the same counts that decided.
/// </summary>
/// <remarks>
/// A second's requests leave the window once the whole second has: admitted in second <c>s</c>, they count until
/// <c>(s + 1) s + window</c>.
/// </remarks>
internal sealed class RequestWindow
{
    readonly long _windowMs;
    // One slot more than the window has seconds: a second still counts during the window's last second after it.
    readonly long[] _seconds;
    readonly int[] _counts;
    readonly Lock _lock = new();
    long _total;
    long _oldest = -1;
    long _newest = -1;

    public RequestWindow(TimeSpan window)
    {
        _windowMs = (long)window.TotalMilliseconds;
        var slots = (int)Math.Ceiling(window.TotalSeconds) + 1;
        _seconds = new long[slots];
        _counts = new int[slots];
    }

    /// <summary>The last second a request was admitted in (-1 before the first).</summary>
    public long LastSecond => Volatile.Read(ref _newest);

    /// <summary>Admits one request when fewer than <paramref name="limit"/> are in the window, and says what is left.</summary>
    public RateLimitDecision TryAcquire(long nowMs, long limit)
    {
        var current = nowMs / 1000;
        lock (_lock)
        {
            Expire(nowMs);
            var admitted = _total < limit;
            if (admitted)
            {
                var slot = Slot(current);
                if (_seconds[slot] != current)
                {
                    _seconds[slot] = current;
                    _counts[slot] = 0;
                }
                _counts[slot]++;
                _total++;
                if (_oldest < 0) _oldest = current;
                Volatile.Write(ref _newest, current);
            }
            var newestLeaves = _newest < 0 || _total == 0 ? TimeSpan.Zero : Until(_newest, nowMs);
            // Admitted, the next permit frees when the oldest second leaves; refused, the request fits once enough
            // seconds have left to bring the count under the limit (more than one after the budget was lowered).
            var retry = _oldest < 0 ? TimeSpan.Zero : Until(admitted ? _oldest : SecondThatMakesRoom(limit), nowMs);
            return new RateLimitDecision(admitted ? RateLimitOutcome.Allowed : RateLimitOutcome.Limited,
                limit, Math.Max(0, limit - _total), newestLeaves, retry);
        }
    }

    /// <summary>The second whose leaving brings the count below <paramref name="limit"/> (under the lock, with _total ≥ limit).</summary>
    long SecondThatMakesRoom(long limit)
    {
        var excess = _total - limit + 1;
        for (var second = _oldest; second < _newest; second++)
        {
            var slot = Slot(second);
            if (_seconds[slot] == second && (excess -= _counts[slot]) <= 0) return second;
        }
        return _newest;
    }

    /// <summary>Drops the seconds that have left the window, oldest first, and finds the next oldest still counted.</summary>
    void Expire(long nowMs)
    {
        if (_oldest < 0) return;
        if (LeavesAt(_newest) <= nowMs)
        {
            // Everything left: start over rather than walk the slots.
            Array.Clear(_counts);
            _total = 0;
            _oldest = -1;
            return;
        }
        while (LeavesAt(_oldest) <= nowMs)
        {
            var slot = Slot(_oldest);
            if (_seconds[slot] == _oldest)
            {
                _total -= _counts[slot];
                _counts[slot] = 0;
            }
            _oldest++;
            // Skip seconds with nothing admitted, up to the newest (which is still in the window).
            while (_oldest < _newest && (_seconds[Slot(_oldest)] != _oldest || _counts[Slot(_oldest)] == 0))
                _oldest++;
        }
    }

    /// <summary>True once every request it counted has left the window (the sweeper then drops it).</summary>
    public bool IsIdleAt(long nowMs) => LeavesAt(LastSecond) <= nowMs;

    int Slot(long second) => (int)(second % _counts.Length);

    long LeavesAt(long second) => (second + 1) * 1000 + _windowMs;

    TimeSpan Until(long second, long nowMs) => TimeSpan.FromMilliseconds(Math.Max(0, LeavesAt(second) - nowMs));
}
