using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using ModelGateway.Diagnostics;
using ModelGateway.Forwarding;

namespace ModelGateway.CrossOrigin;

/// <summary>
/// The one CORS policy of the gateway, built from <see cref="CrossOriginOptions"/> and rebuilt when the configuration
/// reloads. No allowed origin, no policy: the CORS middleware then adds nothing to any answer.
/// </summary>
internal sealed class CrossOriginPolicyProvider : ICorsPolicyProvider
{
    /// <summary>Response headers a page's script may read: the request id, the model that answered, rate limits, cache and retry hints.</summary>
    static readonly string[] ExposedHeaders =
    [
        RequestTelemetryMiddleware.RequestIdHeader, ResponseRelay.WorkerHeader, Fallbacks.FallbackHeaders.Model, "X-Cache", "Age", "Retry-After", "retry-after-ms",
        "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens",
    ];

    volatile CorsPolicy? _policy;

    public CrossOriginPolicyProvider(IOptionsMonitor<CrossOriginOptions> options)
    {
        _policy = Build(options.CurrentValue);
        options.OnChange(changed => _policy = Build(changed));
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) => Task.FromResult(_policy);

    static CorsPolicy? Build(CrossOriginOptions options)
    {
        if (options.AllowedOrigins.Length == 0) return null;
        var policy = new CorsPolicyBuilder().AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(options.PreflightMaxAge);
        // Keys travel in a header, never in cookies: credentials are not allowed, so '*' can mean any page.
        return (options.AllowedOrigins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(options.AllowedOrigins)).Build();
    }
}
