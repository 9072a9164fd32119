namespace ModelGateway.Diagnostics;

/// <summary>The Prometheus type an instrument is exposed as.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
