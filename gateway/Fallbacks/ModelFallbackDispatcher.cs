using System.Runtime.ExceptionServices;
using ModelGateway.Authorization;
using ModelGateway.Configuration;
using ModelGateway.Errors;
using ModelGateway.Forwarding;
using ModelGateway.Hosting;
using ModelGateway.Routing;
using Yarp.ReverseProxy;

namespace ModelGateway.Fallbacks;

/// <summary>
/// The outermost <see cref="IWorkerDispatcher"/>: when the requested model's cluster cannot answer (no worker could be
/// reached, busy, timed out, missing, or every worker answered 404 or 500), the same request is sent to each of the
/// model's <c>Fallbacks</c> in turn, through the inner steps again (the response cache, the token budget), so each
/// model's reply is cached and charged as that model's. Only the requested model's own list is followed, never a
/// fallback's fallbacks. When none answers, the client gets the requested model's own failure.
/// </summary>
internal sealed partial class ModelFallbackDispatcher : IWorkerDispatcher
{
    readonly IWorkerDispatcher _inner;
    readonly IModelRouter _router;
    readonly IModelAccessPolicy _access;
    readonly IProxyStateLookup _proxyState;
    readonly IHostApplicationLifetime _lifetime;
    readonly FallbackMetrics _metrics;
    readonly ILogger<ModelFallbackDispatcher> _logger;

    public ModelFallbackDispatcher(IWorkerDispatcher inner, IModelRouter router, IModelAccessPolicy access, IProxyStateLookup proxyState,
        IHostApplicationLifetime lifetime, FallbackMetrics metrics, ILogger<ModelFallbackDispatcher> logger)
    {
        _inner = inner;
        _router = router;
        _access = access;
        _proxyState = proxyState;
        _lifetime = lifetime;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>A request without fallbacks goes straight to the inner dispatcher, without an async frame of its own.</summary>
    public Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request)
        => request.FallbackBuilder is { } builder ? SendWithFallbacksAsync(context, request, builder) : _inner.SendAsync(context, request);

    async Task<WorkerResponse> SendWithFallbacksAsync(HttpContext context, WorkerRequest request, IFallbackRequestBuilder builder)
    {
        WorkerResponse? failedAnswer = null;
        WorkerDispatchException? failure = null;
        try
        {
            var response = await _inner.SendAsync(context, request);
            if (!FallbackReason.IsFailedAnswer(response)) return response;
            failedAnswer = response;
        }
        catch (WorkerDispatchException ex)
        {
            failure = ex;
        }

        var requested = request.Route;
        var reason = failure is not null ? FallbackReason.Of(failure.Failure) : FallbackReason.Of(failedAnswer!.StatusCode);
        var model = ModelName.Normalize(requested.WorkerModel);
        var stopping = false;
        try
        {
            var requestedSpeaksOpenAI = SpeaksOpenAI(requested.ClusterId);
            foreach (var name in requested.Fallbacks)
            {
                // A client that left or a gateway shutting down wants no other model started.
                if (context.RequestAborted.IsCancellationRequested) break;
                if (_lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    stopping = true;
                    break;
                }
                var fallback = Usable(context, requested, name, requestedSpeaksOpenAI);
                if (fallback is null || builder.Build(request, fallback) is not { } retargeted) continue;

                WorkerResponse response;
                try
                {
                    response = await _inner.SendAsync(context, retargeted);
                }
                catch (WorkerDispatchException ex)
                {
                    Log.FallbackFailed(_logger, name, context.TraceIdentifier, FallbackReason.Of(ex.Failure));
                    continue;
                }
                if (FallbackReason.IsFailedAnswer(response))
                {
                    Log.FallbackFailed(_logger, name, context.TraceIdentifier, FallbackReason.Of(response.StatusCode));
                    await response.DisposeAsync();
                    continue;
                }

                response.FallbackRoute = fallback;
                context.Response.Headers[FallbackHeaders.Model] = fallback.RequestedName;
                Log.FellBack(_logger, requested.RequestedName, context.TraceIdentifier, reason, name);
                _metrics.Record(model, ModelName.Normalize(fallback.WorkerModel), reason);
                if (failedAnswer is not null) await failedAnswer.DisposeAsync();
                return response;
            }
        }
        catch
        {
            if (failedAnswer is not null) await failedAnswer.DisposeAsync();
            throw;
        }

        // The request log and metrics name the model whose failure the client gets, not the last fallback tried.
        context.Features.Set<IModelRequestFeature>(new ModelRequestFeature(requested));
        if (stopping)
        {
            // Another instance may well reach a fallback: tell the client to go there, as every reply cut by a shutdown does.
            if (failedAnswer is not null) await failedAnswer.DisposeAsync();
            Log.NotFallingBackForShutdown(_logger, requested.RequestedName, context.TraceIdentifier, reason);
            throw new GatewayException(StatusCodes.Status503ServiceUnavailable, ShutdownDrain.Message, "server_error", retryAfter: TimeSpan.FromSeconds(1));
        }
        if (!context.RequestAborted.IsCancellationRequested)
        {
            Log.NoFallbackAnswered(_logger, requested.RequestedName, context.TraceIdentifier, reason);
            _metrics.Record(model, FallbackMetrics.None, reason);
        }
        if (failedAnswer is not null) return failedAnswer;
        ExceptionDispatchInfo.Throw(failure!);
        return null!;
    }

    /// <summary>
    /// The fallback's route when this caller may use it and it can take this request: a body written for one protocol
    /// cannot go to a cluster that speaks the other, and a name that leads back to the requested model is no fallback.
    /// </summary>
    ModelRoute? Usable(HttpContext context, ModelRoute requested, string name, bool requestedSpeaksOpenAI)
    {
        var fallback = _router.Resolve(name);
        string? skipped = null;
        if (fallback is null) skipped = "no cluster serves it now";
        else if (fallback.Virtual is not null) skipped = "it is a virtual model";
        else if (string.Equals(fallback.ClusterId, requested.ClusterId, StringComparison.OrdinalIgnoreCase)
                 && ModelName.Normalize(fallback.WorkerModel) == ModelName.Normalize(requested.WorkerModel)) skipped = "it is the requested model";
        else if (!_access.IsAllowed(context, fallback)) skipped = "the caller's key may not use it";
        else if (SpeaksOpenAI(fallback.ClusterId) != requestedSpeaksOpenAI) skipped = "its cluster speaks another protocol";
        if (skipped is null) return fallback;
        Log.FallbackSkipped(_logger, name, context.TraceIdentifier, skipped);
        return null;
    }

    bool SpeaksOpenAI(string clusterId)
        => _proxyState.TryGetCluster(clusterId, out var cluster)
           && string.Equals(cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol"), WorkerProtocolNames.OpenAI, StringComparison.OrdinalIgnoreCase);

    static partial class Log
    {
        [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Model {Model} could not answer request {RequestId} ({Reason}); fallback {Fallback} answered")]
        public static partial void FellBack(ILogger logger, string model, string requestId, string reason, string fallback);

        [LoggerMessage(EventId = 71, Level = LogLevel.Information, Message = "Model {Model} could not answer request {RequestId} ({Reason}) and none of its fallbacks could; the client gets the model's own error")]
        public static partial void NoFallbackAnswered(ILogger logger, string model, string requestId, string reason);

        [LoggerMessage(EventId = 72, Level = LogLevel.Debug, Message = "Fallback {Fallback} skipped for request {RequestId}: {Why}")]
        public static partial void FallbackSkipped(ILogger logger, string fallback, string requestId, string why);

        [LoggerMessage(EventId = 74, Level = LogLevel.Information, Message = "Model {Model} could not answer request {RequestId} ({Reason}); no fallback is tried because the gateway is shutting down, the client is told to send it again")]
        public static partial void NotFallingBackForShutdown(ILogger logger, string model, string requestId, string reason);

        [LoggerMessage(EventId = 73, Level = LogLevel.Debug, Message = "Fallback {Fallback} could not answer request {RequestId} either ({Reason})")]
        public static partial void FallbackFailed(ILogger logger, string fallback, string requestId, string reason);
    }
}
