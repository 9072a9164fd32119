using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Primitives;
using ModelGateway.Caching;
using ModelGateway.Configuration;
using ModelGateway.Diagnostics;
using ModelGateway.Inventory;
using ModelGateway.LoadBalancing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Preloading;

/// <summary>
/// Keeps each model whose <c>Models</c> entry sets <c>KeepLoaded</c> loaded on that many healthy workers. It looks at
/// the fleet whenever the inventory poller stored a worker's models, a worker's health changed, the configuration was
/// edited or one of its own loads ended, and when a keep-alive it knows of is about to run out; in between it sleeps.
/// Each look works from the inventory alone (what /api/ps said, with expires_at) and sends what <see cref="PreloadPlanner"/>
/// asks for, at most one load per worker and model at a time. Nothing here runs on a client's request.
/// </summary>
internal sealed partial class ModelPreloader : BackgroundService, IModelPreloader
{
    /// <summary>A look at least this often while models are kept, whatever happens (a safety net; polls normally wake it).</summary>
    static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    readonly IConfiguration _config;
    readonly IProxyStateLookup _proxyState;
    readonly IWorkerInventoryStore _inventory;
    readonly IWorkerLoadTracker _load;
    readonly ModelLoadSender _sender;
    readonly GatewayMetrics _metrics;
    readonly PreloadTrigger _trigger;
    readonly TimeProvider _time;
    readonly ILogger<ModelPreloader> _logger;
    readonly ConcurrentDictionary<LoadKey, LoadRecord> _records = new();
    readonly ConcurrentDictionary<LoadKey, WarningThrottle> _warnings = new();
    readonly ConcurrentDictionary<LoadKey, Task> _running = new();
    readonly IDisposable _subscription;
    volatile IReadOnlyList<KeptModel> _kept = [];

    public ModelPreloader(IConfiguration config, IProxyStateLookup proxyState, IWorkerInventoryStore inventory, IWorkerLoadTracker load,
        ModelLoadSender sender, GatewayMetrics metrics, PreloadTrigger trigger, TimeProvider time, ILogger<ModelPreloader> logger)
    {
        _config = config;
        _proxyState = proxyState;
        _inventory = inventory;
        _load = load;
        _sender = sender;
        _metrics = metrics;
        _trigger = trigger;
        _time = time;
        _logger = logger;
        Configure();
        _subscription = ChangeToken.OnChange(config.GetReloadToken, Configure);
        _inventory.Stored += OnInventoryStored;
        _metrics.ObserveKeptModels(Status);
    }

    public void RequestPass() => _trigger.Pull();

    void OnInventoryStored(WorkerInventory inventory) => _trigger.Pull();

    public IReadOnlyList<KeptModelStatus> Status()
    {
        var kept = _kept;
        var status = new List<KeptModelStatus>(kept.Count);
        foreach (var model in kept)
        {
            int able = 0, loaded = 0;
            if (_proxyState.TryGetCluster(model.ClusterId, out var cluster))
            {
                foreach (var (id, destination) in cluster.Destinations)
                {
                    if (!IsHealthy(destination) || _inventory.Get(cluster.ClusterId, id) is not { } inventory || !inventory.HasInstalled(model.Normalized)) continue;
                    able++;
                    if (inventory.HasLoaded(model.Normalized)) loaded++;
                }
            }
            status.Add(new KeptModelStatus(model.Normalized, model.ClusterId, model.KeepLoaded, Math.Min(model.KeepLoaded, able), loaded));
        }
        return status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up goes on; the first look happens on the service's own time.
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                DateTimeOffset? next;
                try
                {
                    next = Look(stoppingToken);
                }
                catch (Exception ex)
                {
                    Log.LookFailed(_logger, ex);
                    next = _time.GetUtcNow() + LoadRecord.FirstRetryDelay;
                }
                var sleep = _kept.Count == 0 ? Timeout.InfiniteTimeSpan
                    : next is { } at ? Clamp(at - _time.GetUtcNow()) : LongestSleep;
                await _trigger.WaitAsync(sleep, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        // Loads in flight were cancelled with the token; let them finish their bookkeeping before the host goes.
        await Task.WhenAll(_running.Values);
    }

    static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestSleep ? LongestSleep : wait;

    /// <summary>One look at every kept model; returns when to look again at the latest.</summary>
    DateTimeOffset? Look(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? next = null;
        var seen = new HashSet<LoadKey>();
        foreach (var kept in _kept)
        {
            if (!_proxyState.TryGetCluster(kept.ClusterId, out var cluster) || !SpeaksOllama(cluster)) continue;
            var candidates = new List<PreloadCandidate>(cluster.Destinations.Count);
            foreach (var (id, destination) in cluster.Destinations)
            {
                var key = new LoadKey(cluster.ClusterId, id, kept.Normalized);
                seen.Add(key);
                candidates.Add(PreloadCandidate.Of(id, IsHealthy(destination), _inventory.Get(cluster.ClusterId, id), _records.GetValueOrDefault(key), kept, Utilization(destination)));
            }
            var plan = PreloadPlanner.Plan(candidates, kept.KeepLoaded, kept.RefreshMargin, now);
            foreach (var step in plan.Steps)
                if (cluster.Destinations.TryGetValue(step.DestinationId, out var destination))
                    Start(kept, cluster, destination, step, now, stoppingToken);
            if (plan.NextCheck is { } at && (next is null || at < next)) next = at;
        }
        // Workers and models no longer configured leave nothing behind.
        foreach (var key in _records.Keys)
            if (!seen.Contains(key) && _records.TryGetValue(key, out var record) && !record.InFlight)
            {
                _records.TryRemove(key, out _);
                _warnings.TryRemove(key, out _);
            }
        return next;
    }

    void Start(KeptModel kept, ClusterState cluster, DestinationState destination, PreloadStep step, DateTimeOffset now, CancellationToken stoppingToken)
    {
        var key = new LoadKey(cluster.ClusterId, destination.DestinationId, kept.Normalized);
        var record = _records.GetOrAdd(key, static _ => new LoadRecord());
        if (!record.TryBegin()) return;
        var workerModel = _inventory.Get(cluster.ClusterId, destination.DestinationId)?.Installed.GetValueOrDefault(kept.Normalized) ?? kept.Name;
        var reason = step.ExpiresAt is { } expiresAt
            ? $"its keep-alive ends in {Math.Max(0, (expiresAt - now).TotalSeconds).ToString("0.#", CultureInfo.InvariantCulture)} s"
            : "not loaded";
        var task = LoadAsync(kept, cluster, destination, workerModel, step, reason, key, record, stoppingToken);
        _running[key] = task;
        _ = task.ContinueWith(t => _running.TryRemove(KeyValuePair.Create(key, t)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    async Task LoadAsync(KeptModel kept, ClusterState cluster, DestinationState destination, string workerModel, PreloadStep step, string reason,
        LoadKey key, LoadRecord record, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var started = _time.GetTimestamp();
        Log.LoadStarted(_logger, kept.Normalized, cluster.ClusterId, destination.DestinationId, reason);
        ModelLoadResult result;
        try
        {
            result = await _sender.LoadAsync(cluster, destination, workerModel, kept, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            record.Abandoned();
            return;
        }
        catch (Exception ex)
        {
            result = ModelLoadResult.Failed(ex.Message);
        }
        var elapsed = _time.GetElapsedTime(started);
        var milliseconds = Math.Round(elapsed.TotalMilliseconds, 1);
        if (result.Succeeded)
        {
            record.Succeeded(_time.GetUtcNow(), kept.RefreshMargin, step.ExpiresAt);
            Log.LoadFinished(_logger, kept.Normalized, cluster.ClusterId, destination.DestinationId, milliseconds);
            _metrics.RecordModelLoad(cluster.ClusterId, destination.DestinationId, kept.Normalized, step.Refresh ? ModelLoadOutcome.Refreshed : ModelLoadOutcome.Loaded, elapsed);
            // The load balancer may send the next request there before the next poll says so.
            _inventory.MarkLoaded(cluster.ClusterId, destination.DestinationId, kept.Normalized);
        }
        else
        {
            var retry = record.Failed(_time.GetUtcNow());
            // The worker lost the model since the last poll: leave it alone until a poll lists it again.
            if (result.ModelMissing) _inventory.MarkMissing(cluster.ClusterId, destination.DestinationId, kept.Normalized);
            if (_warnings.GetOrAdd(key, _ => new WarningThrottle(_time, WarningInterval)).ShouldLog(out var suppressed))
                Log.LoadFailed(_logger, kept.Normalized, cluster.ClusterId, destination.DestinationId, milliseconds, result.Error ?? "unknown error", retry.TotalSeconds, suppressed);
            _metrics.RecordModelLoad(cluster.ClusterId, destination.DestinationId, kept.Normalized, ModelLoadOutcome.Failed, elapsed);
        }
        _trigger.Pull();
    }

    void Configure()
    {
        var previous = _kept;
        var kept = KeptModel.ReadAll(_config);
        _kept = kept;
        _trigger.Enabled = kept.Count > 0;
        foreach (var model in kept)
            if (!previous.Contains(model))
                Log.Keeping(_logger, model.Normalized, model.KeepLoaded, model.ClusterId, KeepAliveValue.Describe(model.KeepAlive));
        foreach (var model in previous)
            if (!kept.Any(k => k.Normalized == model.Normalized && k.ClusterId == model.ClusterId))
                Log.NoLongerKeeping(_logger, model.Normalized, model.ClusterId);
        _trigger.Pull();
    }

    /// <summary>Neither probe says it is down; a worker not yet probed counts as healthy (its inventory says it answers).</summary>
    static bool IsHealthy(DestinationState destination)
        => destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;

    static bool SpeaksOllama(ClusterState cluster)
        => cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol") is not { } protocol
           || string.Equals(protocol, WorkerProtocolNames.Ollama, StringComparison.OrdinalIgnoreCase);

    double Utilization(DestinationState destination) => (double)_load.InFlight(destination) / (WorkerMetadata.For(destination).Capacity ?? 1);

    public override void Dispose()
    {
        _subscription.Dispose();
        _inventory.Stored -= OnInventoryStored;
        base.Dispose();
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Loading {Model} on {ClusterId}/{DestinationId} to keep it loaded ({Reason})")]
        public static partial void LoadStarted(ILogger logger, string model, string clusterId, string destinationId, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Loaded {Model} on {ClusterId}/{DestinationId} in {DurationMs} ms")]
        public static partial void LoadFinished(ILogger logger, string model, string clusterId, string destinationId, double durationMs);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
            Message = "Could not load {Model} on {ClusterId}/{DestinationId} ({DurationMs} ms): {Error}; trying again in {RetrySeconds} s ({Suppressed} similar warnings suppressed)")]
        public static partial void LoadFailed(ILogger logger, string model, string clusterId, string destinationId, double durationMs, string error, double retrySeconds, long suppressed);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Keeping {Model} loaded on {KeepLoaded} worker(s) of cluster {ClusterId} (keep_alive {KeepAlive})")]
        public static partial void Keeping(ILogger logger, string model, int keepLoaded, string clusterId, string keepAlive);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "No longer keeping {Model} loaded on cluster {ClusterId}; what is loaded stays until its keep-alive ends")]
        public static partial void NoLongerKeeping(ILogger logger, string model, string clusterId);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Looking at which workers should keep models loaded failed")]
        public static partial void LookFailed(ILogger logger, Exception exception);
    }
}
