using ModelGateway.Errors;
using ModelGateway.RateLimiting;

namespace ModelGateway.Authentication;

/// <summary>
/// Authenticates every request but the probes (/healthz, /readyz, /metrics and the bare "/") and the OpenAPI document,
/// puts the caller on <see cref="IApiKeyFeature"/>, and charges its requests-per-minute budget (429 when spent). Successful and refused
/// answers alike carry the x-ratelimit-*-requests headers.
/// </summary>
internal sealed partial class ApiKeyMiddleware
{
    static readonly PathString[] OpenPaths = ["/healthz", "/readyz", "/metrics", ApiDescription.OpenApiEndpointRouteBuilderExtensions.DocumentPath];

    /// <summary>The open paths' first letters, lower-case: a path starting otherwise (/v1, /api) needs no walk of the list.</summary>
    static readonly string OpenInitials = string.Concat(OpenPaths.Select(p => char.ToLowerInvariant(p.Value![1])));

    readonly RequestDelegate _next;
    readonly ApiKeyAuthenticator _authenticator;
    readonly GatewayRateLimiter _limiter;
    readonly ILogger<ApiKeyMiddleware> _logger;

    public ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, GatewayRateLimiter limiter, ILogger<ApiKeyMiddleware> logger)
    {
        _next = next;
        _authenticator = authenticator;
        _limiter = limiter;
        _logger = logger;
    }

    // Not async: an in-memory budget answers at once, and then the request goes on without a state machine of ours
    // around the rest of the pipeline (one more boxed frame per request, for as long as the request lasts).
    public Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context)) return _next(context);

        CallerIdentity caller;
        try
        {
            caller = _authenticator.Authenticate(context);
        }
        catch (GatewayException error)
        {
            Log.Refused(_logger, context.Request.Method, context.Request.Path, error.Code ?? "missing_api_key", context.Connection.RemoteIpAddress?.ToString());
            return ApiErrorResponder.WriteAsync(context, error);
        }
        context.Features.Set<IApiKeyFeature>(caller);

        if (caller.RequestsPerMinute <= 0) return _next(context);
        var pending = _limiter.AcquireRequestAsync(caller.RateLimitPartition, caller.Name, caller.RequestsPerMinute, context.RequestAborted);
        return pending.IsCompletedSuccessfully ? Continue(context, caller, pending.Result) : ContinueAfterAsync(context, caller, pending);
    }

    async Task ContinueAfterAsync(HttpContext context, CallerIdentity caller, ValueTask<RateLimitDecision> pending)
    {
        RateLimitDecision decision;
        try
        {
            decision = await pending;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        await Continue(context, caller, decision);
    }

    Task Continue(HttpContext context, CallerIdentity caller, RateLimitDecision decision)
    {
        caller.RequestDecision = decision;
        RateLimitHeaders.Write(context.Response.Headers, RateLimitKind.Requests, decision);
        if (decision.Outcome == RateLimitOutcome.Limited)
        {
            Log.RequestsLimited(_logger, caller.Name, decision.Limit);
            return ApiErrorResponder.WriteAsync(context, RateLimitRejection.TooMany(caller.Description, RateLimitKind.Requests, decision, 1));
        }
        if (decision.Outcome == RateLimitOutcome.Unavailable) return ApiErrorResponder.WriteAsync(context, RateLimitRejection.Unavailable());
        return _next(context);
    }

    /// <summary>
    /// The probes and the document, by their exact paths (a trailing slash allowed, as routing allows it), and only
    /// when the gateway itself answers them: an extra <c>ReverseProxy:Routes</c> catch-all that takes <c>POST /</c> or
    /// <c>/metrics/x</c> forwards to an upstream, which must not be reachable without a key.
    /// </summary>
    static bool IsOpen(HttpContext context)
    {
        var value = context.Request.Path.Value;
        if (string.IsNullOrEmpty(value) || value == "/") return !IsProxyRoute(context);
        // One character settles the API paths, the bulk of the traffic (ASCII case folding: the list is compared ignoring case).
        if (!OpenInitials.Contains((char)(value[1] | 0x20))) return false;
        var path = value.Length > 1 && value[^1] == '/' ? value.AsSpan(0, value.Length - 1) : value.AsSpan();
        foreach (var open in OpenPaths)
            if (path.Equals(open.Value, StringComparison.OrdinalIgnoreCase)) return !IsProxyRoute(context);
        return false;
    }

    static bool IsProxyRoute(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>() is not null;

    static partial class Log
    {
        [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Refused {Method} {Path} from {Peer}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string path, string reason, string? peer);

        [LoggerMessage(EventId = 51, Level = LogLevel.Debug, Message = "Requests-per-minute budget of {Caller} spent ({Limit}/min)")]
        public static partial void RequestsLimited(ILogger logger, string caller, long limit);
    }
}
