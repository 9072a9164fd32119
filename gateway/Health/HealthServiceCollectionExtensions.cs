using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelGateway.Health;

public static class HealthServiceCollectionExtensions
{
    public const string ReadinessTag = "ready";

    /// <summary>Registers the readiness checks (fleet, configuration); other capabilities add theirs with the same tag.</summary>
    public static IHealthChecksBuilder AddGatewayHealth(this IServiceCollection services)
        => services.AddHealthChecks()
            .AddCheck<FleetHealthCheck>("fleet", tags: [ReadinessTag])
            .AddCheck<ConfigReloadHealthCheck>("configuration", tags: [ReadinessTag])
            .AddCheck<Redis.RedisHealthCheck>("redis", tags: [ReadinessTag]);

    /// <summary>/healthz: the process answers. /readyz: it can serve (200 healthy or degraded, 503 unhealthy).</summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadinessTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return endpoints;
    }
}
