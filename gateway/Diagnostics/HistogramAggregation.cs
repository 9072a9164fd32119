using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>A histogram with fixed bucket bounds: the instrument's advice when it gives some, else defaults for its unit.</summary>
internal sealed class HistogramAggregation(Instrument instrument, double[] bounds) : SeriesAggregation<HistogramSeries>(instrument, MetricType.Histogram)
{
    public IReadOnlyList<double> Bounds => bounds;

    protected override HistogramSeries NewSeries() => new(bounds);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Find(tags).Record(value);

    public override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (tags, series) in SortedSeries())
        {
            var counts = series.SnapshotCounts();
            long cumulative = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += counts[i];
                writer.WriteBucket(Name, tags, PrometheusNaming.FormatValue(bounds[i]), cumulative);
            }
            cumulative += counts[^1];
            writer.WriteBucket(Name, tags, "+Inf", cumulative);
            writer.WriteSample(Name + "_sum", tags, series.Sum, ofHistogram: true);
            writer.WriteSample(Name + "_count", tags, cumulative, ofHistogram: true);
        }
    }
}
