namespace ModelGateway.Diagnostics;

/// <summary>A running total (counter or up-down counter), added to without locks.</summary>
internal sealed class SumSeries
{
    double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current)) return;
            current = seen;
        }
    }
}
