using ModelGateway.Errors;
using ModelGateway.RateLimiting;

namespace ModelGateway.Authentication;

/// <summary>
/// Authenticates every request but the probes (/healthz, /readyz, /metrics and the bare "/"), puts the caller on
/// <see cref="IApiKeyFeature"/>, and charges its requests-per-minute budget (429 when spent). Successful and refused
/// answers alike carry the x-ratelimit-*-requests headers.
/// </summary>
internal sealed partial class ApiKeyMiddleware
{
    static readonly PathString[] OpenPaths = ["/healthz", "/readyz", "/metrics"];

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

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request.Path))
        {
            await _next(context);
            return;
        }

        CallerIdentity caller;
        try
        {
            caller = _authenticator.Authenticate(context);
        }
        catch (GatewayException error)
        {
            Log.Refused(_logger, context.Request.Method, context.Request.Path, error.Code ?? "missing_api_key", context.Connection.RemoteIpAddress?.ToString());
            await ApiErrorResponder.WriteAsync(context, error);
            return;
        }
        context.Features.Set<IApiKeyFeature>(caller);

        if (caller.RequestsPerMinute > 0)
        {
            RateLimitDecision decision;
            try
            {
                decision = await _limiter.AcquireRequestAsync(caller.RateLimitPartition, caller.Name, caller.RequestsPerMinute, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            caller.RequestDecision = decision;
            RateLimitHeaders.Write(context.Response.Headers, RateLimitKind.Requests, decision);
            if (decision.Outcome == RateLimitOutcome.Limited)
            {
                Log.RequestsLimited(_logger, caller.Name, decision.Limit);
                await ApiErrorResponder.WriteAsync(context, RateLimitRejection.TooMany(caller.Description, RateLimitKind.Requests, decision, 1));
                return;
            }
            if (decision.Outcome == RateLimitOutcome.Unavailable)
            {
                await ApiErrorResponder.WriteAsync(context, RateLimitRejection.Unavailable());
                return;
            }
        }
        await _next(context);
    }

    static bool IsOpen(PathString path)
    {
        if (!path.HasValue || path.Value == "/") return true;
        foreach (var open in OpenPaths)
            if (path.StartsWithSegments(open)) return true;
        return false;
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Refused {Method} {Path} from {Peer}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string path, string reason, string? peer);

        [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "Requests-per-minute budget of {Caller} spent ({Limit}/min)")]
        public static partial void RequestsLimited(ILogger logger, string caller, long limit);
    }
}
