using ModelGateway.Hosting;
using Yarp.ReverseProxy.LoadBalancing;

namespace ModelGateway.LoadBalancing;

public static class LoadBalancingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the worker load tracker, the <c>WeightedLeastLoaded</c> YARP policy, and what wakes queued requests
    /// when capacity grows (an applied edit, a worker found healthy again).
    /// </summary>
    public static IServiceCollection AddWorkerLoadBalancing(this IServiceCollection services)
    {
        services.AddSingleton<IWorkerLoadTracker, WorkerLoadTracker>();
        services.AddSingleton<WeightedLeastLoadedPolicy>();
        services.AddSingleton<ILoadBalancingPolicy>(sp => sp.GetRequiredService<WeightedLeastLoadedPolicy>());
        services.AddSingleton<Yarp.ReverseProxy.Configuration.IConfigChangeListener, CapacityChangeListener>();
        // YARP's health updater exists once AddReverseProxy ran (AddModelGateway registers the fleet first).
        if (services.Any(d => d.ServiceType == typeof(Yarp.ReverseProxy.Health.IDestinationHealthUpdater)))
            services.Decorate<Yarp.ReverseProxy.Health.IDestinationHealthUpdater, WakingDestinationHealthUpdater>();
        return services;
    }
}
