using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelGateway.Diagnostics;

public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Registers the gateway's instruments, the Prometheus collector and what the request telemetry middleware needs.</summary>
    public static IServiceCollection AddGatewayDiagnostics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton(_ => new MetricsCollector());
        return services;
    }
}
