namespace ModelGateway.RateLimiting;

/// <summary>
/// One partition's token charges over the last window, in admission order: exact sliding-window sums, charges that
/// can be corrected after the fact, and an exact time at which a refused amount would fit. The same algorithm as
/// the Redis script, in memory.
/// </summary>
internal sealed class TokenWindowLog
{
    readonly Queue<Charge> _charges = new();
    readonly Dictionary<long, Charge> _byId = new();
    long _total, _nextId;
    bool _retired;

    /// <summary>Empties out the charges that left the window; true (and the log unusable) when none is left.</summary>
    public bool TryRetire(long cutoffMs)
    {
        lock (_charges)
        {
            Prune(cutoffMs);
            return _retired = _charges.Count == 0;
        }
    }

    /// <returns>Null when the log was retired meanwhile: the caller takes a fresh one.</returns>
    public (RateLimitDecision Decision, long? Id)? TryReserve(long nowMs, long windowMs, long amount, long limit)
    {
        lock (_charges)
        {
            if (_retired) return null;
            Prune(nowMs - windowMs);
            if (_total + amount <= limit)
            {
                var charge = new Charge(++_nextId, nowMs, amount);
                _charges.Enqueue(charge);
                _byId[charge.Id] = charge;
                _total += amount;
                var oldest = _charges.Peek().At;
                return (new RateLimitDecision(RateLimitOutcome.Allowed, limit, limit - _total,
                    TimeSpan.FromMilliseconds(windowMs), TimeSpan.FromMilliseconds(oldest + windowMs - nowMs)), charge.Id);
            }

            // Walk from the oldest charge until enough has left the window for this amount to fit.
            var needed = _total + amount - limit;
            long freed = 0, retryAt = nowMs + windowMs, newest = nowMs;
            var found = false;
            foreach (var charge in _charges)
            {
                newest = charge.At;
                if (found) continue;
                freed += charge.Amount;
                if (freed >= needed)
                {
                    retryAt = charge.At + windowMs;
                    found = true;
                }
            }
            return (new RateLimitDecision(RateLimitOutcome.Limited, limit, Math.Max(0, limit - _total),
                TimeSpan.FromMilliseconds(newest + windowMs - nowMs), TimeSpan.FromMilliseconds(Math.Max(1, retryAt - nowMs))), null);
        }
    }

    public void Adjust(long id, long delta)
    {
        lock (_charges)
        {
            if (!_byId.TryGetValue(id, out var charge)) return;
            var updated = Math.Max(0, charge.Amount + delta);
            _total += updated - charge.Amount;
            charge.Amount = updated;
        }
    }

    /// <summary>Caller holds the lock.</summary>
    void Prune(long cutoffMs)
    {
        while (_charges.TryPeek(out var oldest) && oldest.At <= cutoffMs)
        {
            _charges.Dequeue();
            _byId.Remove(oldest.Id);
            _total -= oldest.Amount;
        }
    }

    sealed class Charge(long id, long at, long amount)
    {
        public long Id { get; } = id;
        public long At { get; } = at;
        public long Amount { get; set; } = amount;
    }
}
