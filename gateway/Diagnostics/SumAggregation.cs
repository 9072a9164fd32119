using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>Counter (exposed as a counter) and UpDownCounter (exposed as a gauge): the deltas are summed.</summary>
internal sealed class SumAggregation(Instrument instrument, MetricType type) : SeriesAggregation<SumSeries>(instrument, type)
{
    protected override SumSeries NewSeries() => new();

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Find(tags).Add(value);

    public override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (tags, series) in SortedSeries())
            writer.WriteSample(Name, tags, series.Value);
    }
}
