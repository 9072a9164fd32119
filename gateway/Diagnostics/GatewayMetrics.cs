using System.Diagnostics;
using System.Diagnostics.Metrics;
using ModelGateway.Configuration;
using ModelGateway.LoadBalancing;
using ModelGateway.Preloading;
using Yarp.ReverseProxy;

namespace ModelGateway.Diagnostics;

/// <summary>
/// The gateway's own instruments, on the meter "ModelGateway". Recording methods take plain values and build their
/// tags on the stack, so a call allocates nothing once its series exists. Fleet gauges are read at scrape time.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "ModelGateway";

    /// <summary>Request durations of an LLM gateway span cached answers (ms) to long generations (minutes).</summary>
    static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    readonly IProxyStateLookup _proxyState;
    readonly IWorkerLoadTracker _load;
    readonly Counter<long> _requests;
    readonly Histogram<double> _requestDuration;
    readonly Histogram<double> _timeToFirstByte;
    readonly Counter<long> _tokens;
    readonly Counter<long> _failovers;
    long _reloadsApplied, _reloadsRejected, _reloadsUnchanged;
    readonly Counter<long> _modelLoads;
    readonly Histogram<double> _modelLoadDuration;
    Func<IReadOnlyList<KeptModelStatus>>? _keptModels;

    public GatewayMetrics(IMeterFactory meterFactory, IProxyStateLookup proxyState, IWorkerLoadTracker load)
    {
        _proxyState = proxyState;
        _load = load;
        var meter = meterFactory.Create(MeterName);
        var durationAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets };

        _requests = meter.CreateCounter<long>("modelgateway.requests", "{request}",
            "Requests answered by the gateway, by surface, endpoint, model, status class and API key name.");
        _requestDuration = meter.CreateHistogram("modelgateway.request.duration", "s",
            "Time from the request's arrival to the end of its response, streamed bodies included.", advice: durationAdvice);
        _timeToFirstByte = meter.CreateHistogram("modelgateway.worker.time_to_first_byte", "s",
            "Time from the request's arrival until the first body bytes came back from the worker (time to first token when streaming).", advice: durationAdvice);
        _tokens = meter.CreateCounter<long>("modelgateway.tokens", "{token}",
            "Tokens processed by workers, by model and type (prompt or completion).");
        _failovers = meter.CreateCounter<long>("modelgateway.worker.failovers", "{attempt}",
            "Worker attempts that failed before any byte reached the client, so another worker was tried (or the request failed).");
        // Observed, so all three series exist at 0 from the start: an alert on increase(...{result="rejected"})
        // then also fires for a gateway's first rejected edit (a series born at 1 shows no increase).
        meter.CreateObservableCounter("modelgateway.config.reloads", ObserveReloads, "{reload}",
            "Changes of the fleet file seen while running, by result (applied, rejected, unchanged).");

        _modelLoads = meter.CreateCounter<long>("modelgateway.preload.loads", "{load}",
            "Loads the gateway sent to keep models loaded (Models KeepLoaded), by cluster, worker, model and outcome (loaded, refreshed, failed).");
        _modelLoadDuration = meter.CreateHistogram("modelgateway.preload.load.duration", "s",
            "Time a worker took to load a kept model that it did not have loaded.", advice: durationAdvice);
        meter.CreateObservableGauge("modelgateway.preload.workers_loaded", ObserveKeptLoaded, "{worker}",
            "Healthy workers that have each kept model loaded.");
        meter.CreateObservableGauge("modelgateway.preload.workers_wanted", ObserveKeptWanted, "{worker}",
            "Workers each kept model should be loaded on: its KeepLoaded, or fewer when fewer healthy workers have it installed.");
        meter.CreateObservableGauge("modelgateway.worker.in_flight", ObserveInFlight, "{request}",
            "Requests currently being served by each worker.");
        meter.CreateObservableGauge("modelgateway.cluster.queue_length", ObserveQueues, "{request}",
            "Requests waiting for a free worker slot in each cluster.");
        meter.CreateObservableGauge("modelgateway.cluster.healthy_workers", ObserveHealthy, "{worker}",
            "Workers of each cluster currently in rotation (healthy, or not yet probed).");
        meter.CreateObservableGauge("modelgateway.cluster.workers", ObserveConfigured, "{worker}",
            "Workers configured in each cluster.");
    }

    public void RecordRequest(string surface, string endpoint, string model, int statusCode, string? keyName, TimeSpan duration)
    {
        var statusClass = statusCode is >= 100 and < 600 ? StatusClasses[statusCode / 100 - 1] : "other";
        var tags = new TagList
        {
            { "surface", surface },
            { "endpoint", endpoint },
            { "model", model },
            { "status_class", statusClass },
        };
        _requestDuration.Record(duration.TotalSeconds, tags);
        tags.Add("key", keyName ?? "");
        _requests.Add(1, tags);
    }

    public void RecordTimeToFirstByte(string cluster, string worker, string model, TimeSpan elapsed)
        => _timeToFirstByte.Record(elapsed.TotalSeconds, new TagList { { "cluster", cluster }, { "worker", worker }, { "model", model } });

    /// <summary>Counts tokens a worker reported. Surfaces that read usage themselves (e.g. the OpenAI translation) call this.</summary>
    public void RecordTokens(string model, long prompt, long completion)
    {
        if (prompt > 0) _tokens.Add(prompt, new TagList { { "model", model }, { "type", "prompt" } });
        if (completion > 0) _tokens.Add(completion, new TagList { { "model", model }, { "type", "completion" } });
    }

    public void RecordFailover(string cluster, string worker, FailoverReason reason)
    {
        var text = reason switch
        {
            FailoverReason.Unreachable => "unreachable",
            FailoverReason.Timeout => "timeout",
            FailoverReason.Busy => "busy",
            FailoverReason.WorkerError => "worker_error",
            _ => "model_missing",
        };
        _failovers.Add(1, new TagList { { "cluster", cluster }, { "worker", worker }, { "reason", text } });
    }

    public void RecordConfigReload(FleetReloadResult result)
    {
        switch (result)
        {
            case FleetReloadResult.Applied: Interlocked.Increment(ref _reloadsApplied); break;
            case FleetReloadResult.Rejected: Interlocked.Increment(ref _reloadsRejected); break;
            default: Interlocked.Increment(ref _reloadsUnchanged); break;
        }
    }

    IEnumerable<Measurement<long>> ObserveReloads() =>
    [
        new(Volatile.Read(ref _reloadsApplied), new KeyValuePair<string, object?>("result", "applied")),
        new(Volatile.Read(ref _reloadsRejected), new KeyValuePair<string, object?>("result", "rejected")),
        new(Volatile.Read(ref _reloadsUnchanged), new KeyValuePair<string, object?>("result", "unchanged")),
    ];

    /// <summary>Where the kept-model gauges read from (the preloader, which records through this class).</summary>
    public void ObserveKeptModels(Func<IReadOnlyList<KeptModelStatus>> source) => _keptModels = source;

    public void RecordModelLoad(string cluster, string worker, string model, ModelLoadOutcome outcome, TimeSpan duration)
    {
        var text = outcome switch
        {
            ModelLoadOutcome.Loaded => "loaded",
            ModelLoadOutcome.Refreshed => "refreshed",
            _ => "failed",
        };
        _modelLoads.Add(1, new TagList { { "cluster", cluster }, { "worker", worker }, { "model", model }, { "outcome", text } });
        if (outcome == ModelLoadOutcome.Loaded)
            _modelLoadDuration.Record(duration.TotalSeconds, new TagList { { "cluster", cluster }, { "model", model } });
    }

    IEnumerable<Measurement<int>> ObserveKeptLoaded()
    {
        foreach (var kept in _keptModels?.Invoke() ?? [])
            yield return new Measurement<int>(kept.Loaded, new("cluster", kept.ClusterId), new("model", kept.Model));
    }

    IEnumerable<Measurement<int>> ObserveKeptWanted()
    {
        foreach (var kept in _keptModels?.Invoke() ?? [])
            yield return new Measurement<int>(kept.Wanted, new("cluster", kept.ClusterId), new("model", kept.Model));
    }

    IEnumerable<Measurement<int>> ObserveInFlight()
    {
        foreach (var cluster in _proxyState.GetClusters())
        foreach (var (id, destination) in cluster.Destinations)
            yield return new Measurement<int>(_load.InFlight(destination), new("cluster", cluster.ClusterId), new("worker", id));
    }

    IEnumerable<Measurement<int>> ObserveQueues()
    {
        foreach (var cluster in _proxyState.GetClusters())
            yield return new Measurement<int>(_load.Queued(cluster.ClusterId), new KeyValuePair<string, object?>("cluster", cluster.ClusterId));
    }

    IEnumerable<Measurement<int>> ObserveHealthy()
    {
        foreach (var cluster in _proxyState.GetClusters())
            yield return new Measurement<int>(cluster.DestinationsState.AvailableDestinations.Count, new KeyValuePair<string, object?>("cluster", cluster.ClusterId));
    }

    IEnumerable<Measurement<int>> ObserveConfigured()
    {
        foreach (var cluster in _proxyState.GetClusters())
            yield return new Measurement<int>(cluster.Destinations.Count, new KeyValuePair<string, object?>("cluster", cluster.ClusterId));
    }
}
