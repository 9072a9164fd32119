using Microsoft.Extensions.Options;
using ModelGateway.Authentication;
using ModelGateway.Configuration;
using ModelGateway.Forwarding;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Tokens-per-minute budgets around the worker dispatcher: reserves the request's estimated cost before it is sent
/// (429 when it does not fit), and replaces the estimate with the usage the worker reports when the reply ends.
/// A request that gets no worker reply, or an error reply, is charged nothing. It sits inside any response cache,
/// so a cache hit never reaches it and is never charged.
/// </summary>
internal sealed partial class TokenMeteringDispatcher : IWorkerDispatcher
{
    readonly IWorkerDispatcher _inner;
    readonly GatewayRateLimiter _limiter;
    readonly IOptionsMonitor<RateLimitOptions> _options;
    readonly ILogger<TokenMeteringDispatcher> _logger;

    public TokenMeteringDispatcher(IWorkerDispatcher inner, GatewayRateLimiter limiter, IOptionsMonitor<RateLimitOptions> options, ILogger<TokenMeteringDispatcher> logger)
    {
        _inner = inner;
        _limiter = limiter;
        _options = options;
        _logger = logger;
    }

    /// <summary>Unmetered requests go straight to the inner dispatcher, without an async frame of their own.</summary>
    public Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request)
        => context.Features.Get<IApiKeyFeature>() is CallerIdentity { TokensPerMinute: > 0 } caller && TokenEstimator.IsMetered(request.PathAndQuery)
            ? SendMeteredAsync(context, request, caller)
            : _inner.SendAsync(context, request);

    async Task<WorkerResponse> SendMeteredAsync(HttpContext context, WorkerRequest request, CallerIdentity caller)
    {
        var estimate = TokenEstimator.Estimate(request, _options.CurrentValue);
        var reservation = await _limiter.ReserveTokensAsync(caller.RateLimitPartition, caller.Name, estimate, caller.TokensPerMinute, context.RequestAborted);
        var decision = reservation.Decision;
        RateLimitHeaders.Write(context.Response.Headers, RateLimitKind.Tokens, decision);
        if (decision.Outcome == RateLimitOutcome.Limited)
        {
            Log.TokensLimited(_logger, caller.Name, estimate, decision.Limit);
            throw RateLimitRejection.TooMany(caller.Description, RateLimitKind.Tokens, decision, reservation.Amount);
        }
        if (decision.Outcome == RateLimitOutcome.Unavailable) throw RateLimitRejection.Unavailable();

        WorkerResponse response;
        try
        {
            response = await _inner.SendAsync(context, request);
        }
        catch
        {
            _ = _limiter.SettleAsync(reservation, 0);
            throw;
        }
        if (response.StatusCode >= 400)
        {
            _ = _limiter.SettleAsync(reservation, 0);
            return response;
        }
        var protocol = response.Cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol");
        var meter = new TokenUsageMeter(string.Equals(protocol, WorkerProtocolNames.OpenAI, StringComparison.OrdinalIgnoreCase));
        // Without reported usage (a broken stream, an old endpoint) the estimate stays charged.
        response.Message.Content = new MeteredContent(response.Message.Content, meter,
            usage => _ = _limiter.SettleAsync(reservation, usage ?? reservation.Amount));
        return response;
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 62, Level = LogLevel.Debug, Message = "Tokens-per-minute budget of {Caller} spent: estimated {Estimate} tokens do not fit in {Limit}")]
        public static partial void TokensLimited(ILogger logger, string caller, long estimate, long limit);
    }
}
