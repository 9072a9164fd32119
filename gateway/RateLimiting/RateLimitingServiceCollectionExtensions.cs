using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelGateway.Forwarding;
using ModelGateway.Health;
using ModelGateway.Hosting;

namespace ModelGateway.RateLimiting;

public static class RateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Request and token budgets (the <c>RateLimits</c> section), shared through Redis when it is configured, and the
    /// token meter around the worker dispatcher (a response cache registered later wraps it, so hits are free).
    /// </summary>
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RateLimitOptions>().Bind(config.GetSection(RateLimitOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<RateLimitMetrics>();
        services.AddSingleton<RedisOutageMonitor>();
        services.AddSingleton<MemoryRateLimitStore>();
        services.AddSingleton<GatewayRateLimiter>();
        services.Decorate<IWorkerDispatcher, TokenMeteringDispatcher>();
        services.AddHealthChecks().AddCheck<RateLimitHealthCheck>("ratelimits", tags: [HealthServiceCollectionExtensions.ReadinessTag]);
        return services;
    }
}
