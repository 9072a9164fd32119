namespace ModelGateway.Diagnostics;

/// <summary>
/// Per-bucket counts (not cumulative; the exposition sums them) and the sum of values. The count is derived from the
/// buckets when scraped, so <c>_count</c> always equals the <c>+Inf</c> bucket even during concurrent recording.
/// </summary>
internal sealed class HistogramSeries
{
    readonly double[] _bounds;
    readonly long[] _counts;
    double _sum;

    public HistogramSeries(double[] bounds)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
    }

    public void Record(double value)
    {
        if (double.IsNaN(value)) return;
        var index = Array.BinarySearch(_bounds, value);
        // Buckets are "less than or equal": an exact hit belongs to that bound; otherwise the next larger one (or +Inf).
        if (index < 0) index = ~index;
        Interlocked.Increment(ref _counts[index]);
        var current = Volatile.Read(ref _sum);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _sum, current + value, current);
            if (seen.Equals(current)) return;
            current = seen;
        }
    }

    public double Sum => Volatile.Read(ref _sum);

    /// <summary>Count in each bucket; the last entry is the +Inf bucket.</summary>
    public long[] SnapshotCounts()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = Interlocked.Read(ref _counts[i]);
        return copy;
    }
}
