using Yarp.ReverseProxy.LoadBalancing;

namespace ModelGateway.LoadBalancing;

public static class LoadBalancingServiceCollectionExtensions
{
    /// <summary>Registers the worker load tracker and the <c>WeightedLeastLoaded</c> YARP policy.</summary>
    public static IServiceCollection AddWorkerLoadBalancing(this IServiceCollection services)
    {
        services.AddSingleton<IWorkerLoadTracker, WorkerLoadTracker>();
        services.AddSingleton<WeightedLeastLoadedPolicy>();
        services.AddSingleton<ILoadBalancingPolicy>(sp => sp.GetRequiredService<WeightedLeastLoadedPolicy>());
        return services;
    }
}
