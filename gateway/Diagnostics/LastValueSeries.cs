namespace ModelGateway.Diagnostics;

/// <summary>The latest value reported (a gauge, or an observable counter's cumulative total).</summary>
internal sealed class LastValueSeries
{
    double _value;

    public double Value => Volatile.Read(ref _value);

    public void Set(double value) => Volatile.Write(ref _value, value);
}
