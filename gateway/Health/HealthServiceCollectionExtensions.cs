using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelGateway.Hosting;
using Yarp.ReverseProxy.Health;

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

    /// <summary>
    /// Has <typeparamref name="TObserver"/> told of every change of a worker's health. YARP's health updater is decorated
    /// once, whatever the number of observers; with no reverse proxy registered (unit tests of a part) nothing is.
    /// </summary>
    public static IServiceCollection AddDestinationHealthObserver<TObserver>(this IServiceCollection services)
        where TObserver : class, IDestinationHealthObserver
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDestinationHealthObserver, TObserver>());
        if (services.Any(d => d.ServiceType == typeof(IDestinationHealthUpdater)) && !services.Any(d => d.ServiceType == typeof(ObservedHealthMarker)))
        {
            services.AddSingleton<ObservedHealthMarker>();
            services.Decorate<IDestinationHealthUpdater, ObservedDestinationHealthUpdater>();
        }
        return services;
    }

    /// <summary>Registered with the decorator, so that it is added once.</summary>
    sealed class ObservedHealthMarker;

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
