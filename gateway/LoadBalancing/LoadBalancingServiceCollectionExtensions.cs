using ModelGateway.Health;
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
        services.AddDestinationHealthObserver<QueueWakingHealthObserver>();
        return services;
    }
}
