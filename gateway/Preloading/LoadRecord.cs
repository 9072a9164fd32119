namespace ModelGateway.Preloading;

/// <summary>
/// What the gateway did lately to keep one model loaded on one worker: whether a load is in flight (never two at
/// once), the failures in a row and the wait they earn, and the last load that succeeded.
/// </summary>
internal sealed class LoadRecord
{
    /// <summary>The wait after a first failure; it doubles with each failure in a row up to <see cref="LongestRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMinutes(1);

    readonly object _gate = new();
    int _inFlight;
    int _failures;
    DateTimeOffset _retryAfter = DateTimeOffset.MinValue;
    DateTimeOffset? _loadedAt;
    DateTimeOffset _refreshAfter = DateTimeOffset.MinValue;
    DateTimeOffset? _replacedExpiry;

    public bool InFlight => Volatile.Read(ref _inFlight) != 0;

    /// <summary>No load is tried before this (after a failure).</summary>
    public DateTimeOffset RetryAfter
    {
        get { lock (_gate) return _retryAfter; }
    }

    /// <summary>When the last load succeeded, if one did.</summary>
    public DateTimeOffset? LoadedAt
    {
        get { lock (_gate) return _loadedAt; }
    }

    /// <summary>No refresh of a loaded model before this, while it still reports <see cref="ReplacedExpiry"/> (see <see cref="PreloadCandidate.Of"/>).</summary>
    public DateTimeOffset RefreshAfter
    {
        get { lock (_gate) return _refreshAfter; }
    }

    /// <summary>The expiry the worker reported when the last successful refresh was sent; null after a load of a model it did not have.</summary>
    public DateTimeOffset? ReplacedExpiry
    {
        get { lock (_gate) return _replacedExpiry; }
    }

    public int Failures
    {
        get { lock (_gate) return _failures; }
    }

    /// <summary>Claims the worker and model for one load; false when a load is already in flight.</summary>
    public bool TryBegin() => Interlocked.CompareExchange(ref _inFlight, 1, 0) == 0;

    /// <param name="replacedExpiry">For a refresh, the expiry the worker reported before it.</param>
    public void Succeeded(DateTimeOffset now, TimeSpan refreshMargin, DateTimeOffset? replacedExpiry = null)
    {
        lock (_gate)
        {
            _failures = 0;
            _retryAfter = DateTimeOffset.MinValue;
            _loadedAt = now;
            _refreshAfter = now + refreshMargin;
            _replacedExpiry = replacedExpiry;
        }
        Volatile.Write(ref _inFlight, 0);
    }

    /// <returns>How long until the next try.</returns>
    public TimeSpan Failed(DateTimeOffset now)
    {
        TimeSpan delay;
        lock (_gate)
        {
            _failures++;
            var doubled = FirstRetryDelay.Ticks << Math.Min(_failures - 1, 20);
            delay = doubled >= LongestRetryDelay.Ticks ? LongestRetryDelay : TimeSpan.FromTicks(doubled);
            _retryAfter = now + delay;
        }
        Volatile.Write(ref _inFlight, 0);
        return delay;
    }

    /// <summary>The load was cancelled because the gateway is stopping: nothing learnt.</summary>
    public void Abandoned() => Volatile.Write(ref _inFlight, 0);
}
