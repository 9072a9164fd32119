using ModelGateway.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.LoadBalancing;

/// <summary>A worker found healthy again is a free slot for the requests queued in its cluster: they are woken.</summary>
internal sealed class QueueWakingHealthObserver(IWorkerLoadTracker load) : IDestinationHealthObserver
{
    public void HealthChanged(ClusterState cluster, bool cameBack)
    {
        if (cameBack) load.WakeWaiters(cluster.ClusterId);
    }
}
