using ModelGateway.Health;
using ModelGateway.Hosting;

namespace ModelGateway.Preloading;

public static class PreloadingServiceCollectionExtensions
{
    /// <summary>
    /// Keeps models loaded on workers (<c>Models:&lt;i&gt;:KeepLoaded</c> and <c>KeepAlive</c>): the background preloader,
    /// what wakes it when a worker's health changes, and its readiness detail.
    /// </summary>
    public static IServiceCollection AddModelPreloading(this IServiceCollection services)
    {
        services.AddSingleton<PreloadTrigger>();
        services.AddSingleton<ModelLoadSender>();
        services.AddSingleton<ModelPreloader>();
        services.AddSingleton<IModelPreloader>(sp => sp.GetRequiredService<ModelPreloader>());
        services.AddHostedService(sp => sp.GetRequiredService<ModelPreloader>());
        services.AddDestinationHealthObserver<PreloadingHealthObserver>();
        services.AddHealthChecks().AddCheck<PreloadHealthCheck>("preload", tags: [HealthServiceCollectionExtensions.ReadinessTag]);
        return services;
    }
}
