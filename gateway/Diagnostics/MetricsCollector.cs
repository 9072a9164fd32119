using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Listens to every instrument of the gateway's meters (any meter whose name starts with "ModelGateway") and of the
/// framework meters worth watching, aggregates their measurements in memory, and renders them in the Prometheus
/// text format on demand. Instruments created later (caches, rate limits) are picked up without registration.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string GatewayMeterPrefix = "ModelGateway";

    public static readonly IReadOnlySet<string> FrameworkMeters = new HashSet<string>(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
    };

    readonly Func<Meter, bool> _include;
    readonly MeterListener _listener = new();
    readonly ConcurrentDictionary<Instrument, InstrumentAggregation> _aggregations = new();
    readonly Lock _scrape = new();
    int _started;

    public MetricsCollector() : this(IsCollectedByDefault) { }

    /// <param name="include">Which meters to collect; tests narrow it to meters of their own.</param>
    public MetricsCollector(Func<Meter, bool> include)
    {
        _include = include;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, _) => _aggregations.TryRemove(instrument, out InstrumentAggregation? _);
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentAggregation)state!).Record((double)value, tags));
    }

    public static bool IsCollectedByDefault(Meter meter)
        => meter.Name.StartsWith(GatewayMeterPrefix, StringComparison.Ordinal) || FrameworkMeters.Contains(meter.Name);

    /// <summary>Starts listening; instruments that already exist are published to the listener at once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every metric family.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            var aggregations = _aggregations.Values.ToList();
            // Observable series are rebuilt from this scrape's callbacks: a removed worker's gauge must vanish.
            foreach (var aggregation in aggregations)
                if (aggregation.Instrument.IsObservable) aggregation.Clear();
            _listener.RecordObservableInstruments();

            var writer = new PrometheusTextWriter();
            foreach (var family in aggregations.GroupBy(a => a.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var first = family.First();
                // Two instruments can only share a name when they agree on the type; a clash keeps the first.
                var members = family.Where(a => a.Type == first.Type).ToList();
                writer.WriteFamily(first.Name, first.Help, first.Type);
                foreach (var member in members) member.WriteSamples(writer);
            }
            return writer.ToString();
        }
    }

    void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_include(instrument.Meter)) return;
        var aggregation = Create(instrument);
        if (aggregation is null) return;
        _aggregations[instrument] = aggregation;
        listener.EnableMeasurementEvents(instrument, aggregation);
    }

    static InstrumentAggregation? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>)) return new SumAggregation(instrument, MetricType.Counter);
        if (definition == typeof(UpDownCounter<>)) return new SumAggregation(instrument, MetricType.Gauge);
        if (definition == typeof(Histogram<>)) return new HistogramAggregation(instrument, HistogramBuckets.For(instrument));
        if (definition == typeof(ObservableCounter<>)) return new LastValueAggregation(instrument, MetricType.Counter);
        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
            return new LastValueAggregation(instrument, MetricType.Gauge);
        return null;
    }

    public void Dispose() => _listener.Dispose();
}
