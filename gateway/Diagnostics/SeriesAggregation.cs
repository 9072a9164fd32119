using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Series keyed by tag set. A measurement finds its series with its own tag span (no allocation); only a new tag
/// combination builds a <see cref="TagSet"/>.
/// </summary>
internal abstract class SeriesAggregation<TSeries> : InstrumentAggregation where TSeries : class
{
    readonly ConcurrentDictionary<TagSet, TSeries> _series = new(TagSetComparer.Instance);
    readonly ConcurrentDictionary<TagSet, TSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;

    protected SeriesAggregation(Instrument instrument, MetricType type) : base(instrument, type)
    {
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    protected abstract TSeries NewSeries();

    protected TSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_lookup.TryGetValue(tags, out var series)) return series;
        var created = NewSeries();
        return _lookup.TryAdd(tags, created) ? created : _lookup[tags];
    }

    public override void Clear() => _series.Clear();

    /// <summary>The series sorted by their labels, so scrapes are stable and diffable.</summary>
    protected IEnumerable<KeyValuePair<TagSet, TSeries>> SortedSeries()
        => _series.OrderBy(s => s.Key, TagSetOrder.Instance);
}
