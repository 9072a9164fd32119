using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>Bucket bounds for a histogram: its own advice when it gives some, else defaults that suit its unit.</summary>
internal static class HistogramBuckets
{
    /// <summary>Seconds, from a cached answer (5 ms) to a long generation on a cold model (10 min).</summary>
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>Anything else (bytes, counts, milliseconds): OpenTelemetry's default boundaries.</summary>
    public static readonly double[] General = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<double> i => i.Advice?.HistogramBucketBoundaries?.Select(b => b),
            Instrument<float> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<long> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<short> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<byte> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Instrument<decimal> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var bounds = advised?.Where(double.IsFinite).Distinct().Order().ToArray();
        if (bounds is { Length: > 0 }) return bounds;
        return instrument.Unit == "s" ? Seconds : General;
    }
}
