using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>Gauges and every observable instrument: the value last reported for each tag set.</summary>
internal sealed class LastValueAggregation(Instrument instrument, MetricType type) : SeriesAggregation<LastValueSeries>(instrument, type)
{
    protected override LastValueSeries NewSeries() => new();

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Find(tags).Set(value);

    public override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (tags, series) in SortedSeries())
            writer.WriteSample(Name, tags, series.Value);
    }
}
