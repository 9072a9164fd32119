using Yarp.ReverseProxy.Configuration;

namespace ModelGateway.LoadBalancing;

/// <summary>
/// Wakes the requests queued for a worker slot when an edit of the fleet file is applied: a raised Capacity or an
/// added worker is capacity they can use now, not after a slot happens to free or their QueueTimeout runs out.
/// </summary>
internal sealed class CapacityChangeListener(IWorkerLoadTracker load) : IConfigChangeListener
{
    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs) => load.WakeWaiters();

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs) { }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception) { }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception) { }
}
