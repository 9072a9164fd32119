namespace ModelGateway.Caching;

/// <summary>Lets one warning through per interval, so an outage of the store logs a line now and then, not per request.</summary>
internal sealed class WarningThrottle(TimeProvider time, TimeSpan interval)
{
    long _nextAllowed;
    long _suppressed;

    /// <returns>True when this occurrence should be logged; <paramref name="suppressed"/> counts those skipped since the last one.</returns>
    public bool ShouldLog(out long suppressed)
    {
        var now = time.GetTimestamp();
        var next = Interlocked.Read(ref _nextAllowed);
        var step = (long)(interval.TotalSeconds * time.TimestampFrequency);
        if (now >= next && Interlocked.CompareExchange(ref _nextAllowed, now + step, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }
        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
