namespace ModelGateway.RateLimiting;

/// <summary>
/// Per-second counts of admitted requests over the last window, kept beside the in-memory sliding-window limiter
/// (which says how many permits remain but not when they come back) so the reset and Retry-After values are real.
/// </summary>
internal sealed class RequestActivity
{
    readonly long[] _seconds;
    readonly int[] _counts;

    public RequestActivity(int windowSeconds)
    {
        _seconds = new long[windowSeconds];
        _counts = new int[windowSeconds];
    }

    public long LastSecond { get; private set; }

    public void Record(long nowMs)
    {
        var second = nowMs / 1000;
        lock (_counts)
        {
            var i = (int)(second % _counts.Length);
            if (_seconds[i] != second)
            {
                _seconds[i] = second;
                _counts[i] = 0;
            }
            _counts[i]++;
            LastSecond = second;
        }
    }

    /// <summary>Time until the oldest and the newest admissions still in the window leave it.</summary>
    public (TimeSpan OldestLeaves, TimeSpan NewestLeaves) Expiry(long nowMs)
    {
        var windowMs = _counts.Length * 1000L;
        long oldest = long.MaxValue, newest = long.MinValue;
        lock (_counts)
        {
            var current = nowMs / 1000;
            for (var i = 0; i < _counts.Length; i++)
            {
                if (_counts[i] == 0 || _seconds[i] <= current - _counts.Length) continue;
                oldest = Math.Min(oldest, _seconds[i]);
                newest = Math.Max(newest, _seconds[i]);
            }
        }
        if (oldest == long.MaxValue) return (TimeSpan.Zero, TimeSpan.Zero);
        // A second's permits return when the whole second has left the window (the limiter's segments are 1 s).
        return (Until((oldest + 1) * 1000 + windowMs), Until((newest + 1) * 1000 + windowMs));

        TimeSpan Until(long ms) => TimeSpan.FromMilliseconds(Math.Max(0, ms - nowMs));
    }
}
