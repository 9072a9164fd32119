using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelGateway.Configuration;
using ModelGateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Inventory;

/// <summary>
/// Polls every Ollama worker's /api/tags, /api/ps and /api/version in the background. YARP's own probes only
/// say alive or dead (their response is disposed unread), so the model inventory is gathered here.
/// </summary>
internal sealed partial class WorkerInventoryPoller : BackgroundService
{
    readonly IProxyStateLookup _proxyState;
    readonly IWorkerInventoryStore _store;
    readonly IOptionsMonitor<InventoryOptions> _options;
    readonly ILogger<WorkerInventoryPoller> _logger;
    readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    long _pollSequence;

    public WorkerInventoryPoller(IProxyStateLookup proxyState, IWorkerInventoryStore store, IOptionsMonitor<InventoryOptions> options, ILogger<WorkerInventoryPoller> logger)
    {
        _proxyState = proxyState;
        _store = store;
        _options = options;
        _logger = logger;
    }

    /// <summary>Completes after the first full pass over the fleet (readiness waits for it).</summary>
    public Task FirstPass => _firstPass.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.PollFailed(_logger, ex);
            }
            _firstPass.TrySetResult();
            try
            {
                await Task.Delay(_options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) { break; }
        }
    }

    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var live = new HashSet<(string, string)>();
        var polls = new List<Task>();
        foreach (var cluster in _proxyState.GetClusters())
        {
            var protocol = cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol");
            if (protocol is not null && !string.Equals(protocol, WorkerProtocolNames.Ollama, StringComparison.OrdinalIgnoreCase))
                continue;
            foreach (var destination in cluster.Destinations.Values)
            {
                live.Add((cluster.ClusterId, destination.DestinationId));
                polls.Add(PollWorkerAsync(cluster, destination, cancellationToken));
            }
        }
        await Task.WhenAll(polls);
        foreach (var known in _store.All)
            if (!live.Contains((known.ClusterId, known.DestinationId)))
                _store.Remove(known.ClusterId, known.DestinationId);
    }

    /// <summary>
    /// Polls one worker now, outside the schedule: after a pull, copy, create or delete its models changed, and a client
    /// that pulled a model uses it next (<c>ollama run</c>), which must not wait for the next poll.
    /// </summary>
    public Task RefreshAsync(ClusterState cluster, DestinationState destination, CancellationToken cancellationToken)
        => PollWorkerAsync(cluster, destination, cancellationToken);

    async Task PollWorkerAsync(ClusterState cluster, DestinationState destination, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _pollSequence);
        var began = DateTimeOffset.UtcNow;
        var address = destination.Model.Config.Address;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CurrentValue.RequestTimeout);
        try
        {
            var tags = GetJsonAsync(cluster, address, "api/tags", timeout.Token);
            var ps = GetJsonAsync(cluster, address, "api/ps", timeout.Token);
            var version = GetJsonAsync(cluster, address, "api/version", timeout.Token);
            await Task.WhenAll(tags, ps, version);

            var installed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in ModelNames(tags.Result.Body))
                installed.TryAdd(ModelName.Normalize(name), name);
            var loaded = ModelNames(ps.Result.Body).Select(ModelName.Normalize).ToFrozenSet(StringComparer.Ordinal);
            var versionText = version.Result.Body.TryGetProperty("version", out var v) ? v.GetString() : null;
            _store.Set(new WorkerInventory(cluster.ClusterId, destination.DestinationId, installed.ToFrozenDictionary(StringComparer.Ordinal), loaded, versionText, began)
                { PollSequence = sequence, Expiries = Expiries(ps.Result.Body, ps.Result.Date, DateTimeOffset.UtcNow) });
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            // An unreachable worker serves nothing; health checks decide when it is back in rotation.
            if (_store.Get(cluster.ClusterId, destination.DestinationId) is not null)
                Log.WorkerUnreachable(_logger, cluster.ClusterId, destination.DestinationId, ex.Message);
            _store.Remove(cluster.ClusterId, destination.DestinationId);
        }
    }

    static async Task<(JsonElement Body, DateTimeOffset? Date)> GetJsonAsync(ClusterState cluster, string address, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(address.EndsWith('/') ? address : address + "/"), path));
        using var response = await cluster.Model.HttpClient.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return (doc.RootElement.Clone(), response.Headers.Date);
    }

    static IEnumerable<string> ModelNames(JsonElement body)
    {
        if (!body.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array) yield break;
        foreach (var model in models.EnumerateArray())
            if (NameOf(model) is { } name) yield return name;
    }

    static string? NameOf(JsonElement model)
    {
        var name = model.TryGetProperty("name", out var n) ? n.GetString() : model.TryGetProperty("model", out var m) ? m.GetString() : null;
        return string.IsNullOrEmpty(name) ? null : name;
    }

    /// <summary>
    /// Each loaded model's <c>expires_at</c> from /api/ps, moved onto this machine's clock when the worker's (its Date
    /// header) differs by more than that header's one-second resolution: a worker whose clock runs minutes off would
    /// otherwise seem to keep its models minutes longer or shorter than it does.
    /// </summary>
    static FrozenDictionary<string, DateTimeOffset> Expiries(JsonElement body, DateTimeOffset? workerNow, DateTimeOffset now)
    {
        if (!body.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array) return FrozenDictionary<string, DateTimeOffset>.Empty;
        var skew = workerNow is { } w && (now - w).Duration() > TimeSpan.FromSeconds(2) ? now - w : TimeSpan.Zero;
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var model in models.EnumerateArray())
        {
            if (NameOf(model) is not { } name || !model.TryGetProperty("expires_at", out var text) || text.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(text.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                continue;
            // A model kept forever expires centuries ahead (Go's largest duration); a skew there changes nothing.
            var local = at.Year is > 1 and < 9000 ? at + skew : at;
            expiries.TryAdd(ModelName.Normalize(name), local);
        }
        return expiries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Inventory poll failed")]
        public static partial void PollFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Worker {ClusterId}/{DestinationId} did not answer the inventory poll: {Reason}")]
        public static partial void WorkerUnreachable(ILogger logger, string clusterId, string destinationId, string reason);
    }
}
