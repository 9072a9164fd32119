using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>One instrument as a Prometheus metric family: its name, help and type, and what it has measured so far.</summary>
internal abstract class InstrumentAggregation
{
    protected InstrumentAggregation(Instrument instrument, MetricType type)
    {
        Instrument = instrument;
        Type = type;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, type);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? $"{instrument.Name} ({instrument.Meter.Name})" : instrument.Description;
    }

    public Instrument Instrument { get; }
    public MetricType Type { get; }
    public string Name { get; }
    public string Help { get; }

    /// <summary>Called on the measuring thread: must stay cheap and must not allocate for a known series.</summary>
    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Forgets every series; observable instruments start each scrape empty so vanished series disappear.</summary>
    public abstract void Clear();

    public abstract void WriteSamples(PrometheusTextWriter writer);
}
