using System.Net;
using Microsoft.Extensions.Options;
using ModelGateway.Diagnostics;
using ModelGateway.Inventory;
using ModelGateway.LoadBalancing;
using ModelGateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Forwarding;

/// <summary>
/// YARP supplies the cluster, its healthy destinations and its HTTP client; this sends the request itself so it can
/// fail over (refused connection, "server busy", a worker that lost the model or failed) before anything reaches the
/// client.
/// </summary>
internal sealed partial class WorkerDispatcher : IWorkerDispatcher
{
    readonly IProxyStateLookup _proxyState;
    readonly IReadOnlyDictionary<string, ILoadBalancingPolicy> _policies;
    readonly ILoadBalancingPolicy _defaultPolicy;
    readonly IWorkerLoadTracker _load;
    readonly IDestinationHealthUpdater _health;
    readonly IWorkerInventoryStore _inventory;
    readonly IOptionsMonitor<DispatchOptions> _options;
    readonly ILogger<WorkerDispatcher> _logger;
    readonly GatewayMetrics _metrics;
    readonly WorkerRequestUris _uris = new();
    readonly CancellationToken _shutdown;

    public WorkerDispatcher(IProxyStateLookup proxyState, IEnumerable<ILoadBalancingPolicy> policies, WeightedLeastLoadedPolicy defaultPolicy,
        IWorkerLoadTracker load, IDestinationHealthUpdater health, IWorkerInventoryStore inventory,
        IOptionsMonitor<DispatchOptions> options, ILogger<WorkerDispatcher> logger, GatewayMetrics metrics, Hosting.ShutdownDrain drain)
    {
        _shutdown = drain.Deadline;
        _proxyState = proxyState;
        _policies = policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        _defaultPolicy = defaultPolicy;
        _load = load;
        _health = health;
        _inventory = inventory;
        _options = options;
        _logger = logger;
        _metrics = metrics;
    }

    public async Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request)
    {
        var route = request.Route;
        if (!_proxyState.TryGetCluster(route.ClusterId, out var cluster))
            throw new WorkerDispatchException(DispatchFailure.ClusterMissing, $"cluster '{route.ClusterId}' serving model '{route.RequestedName}' is not configured");

        var feature = new ModelRequestFeature(route);
        context.Features.Set<IModelRequestFeature>(feature);
        var options = _options.CurrentValue;
        var policy = PolicyFor(cluster);
        var queueDeadline = DateTime.UtcNow + options.QueueTimeout;
        List<DestinationState>? tried = null;
        // Workers that answered "busy" are only skipped until a slot frees somewhere: busy means "queue", not "failed".
        List<DestinationState>? busy = null;
        DispatchFailure? lastFailure = null;
        // A worker's own error answer (404: lost the model; 500: failed, e.g. its runner crashed), kept to return when
        // no other worker does better: the client then sees what the worker said.
        WorkerResponse? errorAnswer = null;
        var attempts = 0;
        try
        {
            while (attempts < options.MaxAttempts)
            {
                var candidates = Untried(cluster.DestinationsState.AvailableDestinations, tried, busy);
                if (candidates.Count == 0)
                {
                    var remaining = queueDeadline - DateTime.UtcNow;
                    if (busy is not { Count: > 0 } || remaining <= TimeSpan.Zero) break;
                    if (!await _load.WaitForSlotAsync(cluster, Min(remaining, BusyRetryDelay), options.MaxQueuePerCluster, context.RequestAborted))
                        throw Busy(route, cluster, options, "every worker is busy and the queue is full");
                    busy.Clear();
                    continue;
                }

                var destination = policy.PickDestination(context, cluster, candidates);
                if (destination is null)
                {
                    var remaining = queueDeadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                        throw Busy(route, cluster, options, "every worker is at capacity");
                    if (!await _load.WaitForSlotAsync(cluster, remaining, options.MaxQueuePerCluster, context.RequestAborted))
                        throw Busy(route, cluster, options, "every worker is at capacity and the queue is full");
                    continue;
                }

                if (_load.TryAcquire(cluster, destination) is not { } slot)
                {
                    // Another request took its last slot since the pick: skip it like a busy worker until a slot frees.
                    (busy ??= new()).Add(destination);
                    lastFailure = DispatchFailure.Busy;
                    continue;
                }
                attempts++;
                var cancellation = new WorkerCancellation(context.RequestAborted, options.ResponseHeadersTimeout, _shutdown);
                HttpResponseMessage? message = null;
                try
                {
                    using var outgoing = CreateRequest(destination, request);
                    message = await cluster.Model.HttpClient.SendAsync(outgoing, cancellation.Token);
                }
                catch (Exception) when (cancellation.ShutDown)
                {
                    // The gateway is going away, not the worker: no failover, no mark against its health.
                    slot.Dispose();
                    cancellation.Dispose();
                    throw new Errors.GatewayException(StatusCodes.Status503ServiceUnavailable, Hosting.ShutdownDrain.Message, "server_error", retryAfter: TimeSpan.FromSeconds(1));
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
                {
                    slot.Dispose();
                    cancellation.Dispose();
                    (tried ??= new()).Add(destination);
                    if (ex is HttpRequestException)
                    {
                        lastFailure = DispatchFailure.Unreachable;
                        MarkUnhealthy(cluster, destination, options);
                        Log.WorkerUnreachable(_logger, cluster.ClusterId, destination.DestinationId, ex.Message);
                        _metrics.RecordFailover(cluster.ClusterId, destination.DestinationId, FailoverReason.Unreachable);
                    }
                    else
                    {
                        lastFailure = DispatchFailure.Timeout;
                        Log.WorkerTimedOut(_logger, cluster.ClusterId, destination.DestinationId);
                        _metrics.RecordFailover(cluster.ClusterId, destination.DestinationId, FailoverReason.Timeout);
                    }
                    continue;
                }
                catch
                {
                    slot.Dispose();
                    cancellation.Dispose();
                    throw;
                }

                var response = new WorkerResponse(message, cluster, destination, cancellation, slot, options.StreamIdleTimeout, attempts);
                var status = message.StatusCode;
                if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
                {
                    Log.WorkerBusy(_logger, cluster.ClusterId, destination.DestinationId, (int)status);
                    _metrics.RecordFailover(cluster.ClusterId, destination.DestinationId, FailoverReason.Busy);
                    (busy ??= new()).Add(destination);
                    lastFailure = DispatchFailure.Busy;
                    // A busy answer is not a failed attempt: the request goes on waiting until QueueTimeout.
                    attempts--;
                    await response.DisposeAsync();
                    continue;
                }
                if (status is HttpStatusCode.NotFound or HttpStatusCode.InternalServerError)
                {
                    if (status == HttpStatusCode.NotFound)
                    {
                        // The inventory was stale: this worker lacks the model. Another one may have it.
                        _inventory.MarkMissing(cluster.ClusterId, destination.DestinationId, feature.NormalizedWorkerModel);
                        _metrics.RecordFailover(cluster.ClusterId, destination.DestinationId, FailoverReason.ModelMissing);
                    }
                    else
                    {
                        // Ollama's 500 is this worker failing (a runner that crashed or ran out of memory), which another
                        // worker may not; the worker stays in rotation, as the failure may be this model's alone.
                        Log.WorkerFailed(_logger, cluster.ClusterId, destination.DestinationId);
                        _metrics.RecordFailover(cluster.ClusterId, destination.DestinationId, FailoverReason.WorkerError);
                    }
                    (tried ??= new()).Add(destination);
                    if (errorAnswer is not null) await errorAnswer.DisposeAsync();
                    errorAnswer = null;
                    errorAnswer = await BufferAsync(response);
                    continue;
                }

                if (errorAnswer is not null) await errorAnswer.DisposeAsync();
                if (message.IsSuccessStatusCode)
                    _inventory.MarkLoaded(cluster.ClusterId, destination.DestinationId, feature.NormalizedWorkerModel);
                return response;
            }
        }
        catch
        {
            // A kept 404/500 holds its worker's slot until disposed; the search ended another way (queue full or
            // timed out, the client left, a shutdown), so nobody else will.
            if (errorAnswer is not null) await errorAnswer.DisposeAsync();
            throw;
        }

        if (errorAnswer is not null) return errorAnswer;
        throw lastFailure switch
        {
            DispatchFailure.Unreachable => new WorkerDispatchException(DispatchFailure.Unreachable,
                $"no worker of cluster '{cluster.ClusterId}' serving model '{route.RequestedName}' could be reached", TimeSpan.FromSeconds(options.RetryAfterSeconds)),
            DispatchFailure.Timeout => new WorkerDispatchException(DispatchFailure.Timeout,
                $"workers of cluster '{cluster.ClusterId}' did not answer in time for model '{route.RequestedName}'", TimeSpan.FromSeconds(options.RetryAfterSeconds)),
            DispatchFailure.Busy => Busy(route, cluster, options, "every worker is busy"),
            _ => new WorkerDispatchException(DispatchFailure.NoHealthyWorker,
                $"no healthy worker in cluster '{cluster.ClusterId}' serving model '{route.RequestedName}'", TimeSpan.FromSeconds(options.RetryAfterSeconds)),
        };
    }

    ILoadBalancingPolicy PolicyFor(ClusterState cluster)
        => cluster.Model.Config.LoadBalancingPolicy is { } name && _policies.TryGetValue(name, out var policy) ? policy : _defaultPolicy;

    /// <summary>How long to wait before asking workers that said "busy" again, unless a slot frees sooner.</summary>
    static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(100);

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    static IReadOnlyList<DestinationState> Untried(IReadOnlyList<DestinationState> available, List<DestinationState>? tried, List<DestinationState>? busy)
    {
        if (tried is null && busy is null) return available;
        var list = new List<DestinationState>(available.Count);
        foreach (var destination in available)
            if (tried?.Contains(destination) != true && busy?.Contains(destination) != true) list.Add(destination);
        return list;
    }

    HttpRequestMessage CreateRequest(DestinationState destination, WorkerRequest request)
    {
        var uri = _uris.For(destination.Model.Config.Address, request.PathAndQuery);
        var message = new HttpRequestMessage(request.Method, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        return message;
    }

    void MarkUnhealthy(ClusterState cluster, DestinationState destination, DispatchOptions options)
    {
        var passive = cluster.Model.Config.HealthCheck?.Passive;
        if (passive?.Enabled != true) return;
        _health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, passive.ReactivationPeriod ?? options.PassiveReactivationPeriod);
    }

    static async Task<WorkerResponse> BufferAsync(WorkerResponse response)
    {
        var content = response.Message.Content;
        byte[] bytes;
        try
        {
            bytes = await content.ReadAsByteArrayAsync(response.Token);
        }
        catch
        {
            // Not kept, so not disposed by the caller: give its slot back here.
            await response.DisposeAsync();
            throw;
        }
        var copy = new ByteArrayContent(bytes);
        foreach (var header in content.Headers)
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Message.Content = copy;
        return response;
    }

    static WorkerDispatchException Busy(ModelRoute route, ClusterState cluster, DispatchOptions options, string why)
        => new(DispatchFailure.Busy, $"all workers serving {route.RequestedName} are busy ({why}); retry later", TimeSpan.FromSeconds(options.RetryAfterSeconds));

    static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Worker {ClusterId}/{DestinationId} unreachable, failing over: {Reason}")]
        public static partial void WorkerUnreachable(ILogger logger, string clusterId, string destinationId, string reason);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Worker {ClusterId}/{DestinationId} sent no headers in time, failing over")]
        public static partial void WorkerTimedOut(ILogger logger, string clusterId, string destinationId);

        [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Worker {ClusterId}/{DestinationId} answered {Status}, failing over")]
        public static partial void WorkerBusy(ILogger logger, string clusterId, string destinationId, int status);

        [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Worker {ClusterId}/{DestinationId} answered 500, failing over")]
        public static partial void WorkerFailed(ILogger logger, string clusterId, string destinationId);
    }
}
