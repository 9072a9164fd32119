using System.Diagnostics.Metrics;

namespace ModelGateway.Caching;

/// <summary>The cache's instruments on the gateway's "ModelGateway" meter.</summary>
internal sealed class CacheMetrics
{
    public const string MeterName = "ModelGateway";

    readonly Counter<long> _requests;
    readonly Counter<long> _errors;
    readonly Counter<long> _stores;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("modelgateway.cache.requests", "{request}", "Cacheable requests by outcome (result=hit|miss|bypass).");
        _errors = meter.CreateCounter<long>("modelgateway.cache.errors", "{error}", "Cache store operations that failed or timed out (operation=lookup|store|decode).");
        _stores = meter.CreateCounter<long>("modelgateway.cache.stores", "{entry}", "Replies written to the cache store.");
    }

    public void Request(string result) => _requests.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Error(string operation) => _errors.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void Stored() => _stores.Add(1);
}
