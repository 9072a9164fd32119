namespace ModelGateway.Bench.Load;

/// <summary>Measurements of one kind (latency, time to first token, ...) gathered over rounds; percentiles on demand.</summary>
public sealed class Samples
{
    readonly List<double> _values = new();
    bool _sorted = true;

    public int Count => _values.Count;

    public void Add(double value)
    {
        _values.Add(value);
        _sorted = false;
    }

    public void AddRange(Samples other)
    {
        _values.AddRange(other._values);
        _sorted = false;
    }

    /// <summary>Nearest-rank percentile (0..100); NaN when empty.</summary>
    public double Percentile(double p)
    {
        if (_values.Count == 0) return double.NaN;
        if (!_sorted)
        {
            _values.Sort();
            _sorted = true;
        }
        var rank = (int)Math.Ceiling(p / 100 * _values.Count) - 1;
        return _values[Math.Clamp(rank, 0, _values.Count - 1)];
    }

    public double Max => Count == 0 ? double.NaN : Percentile(100);
}
