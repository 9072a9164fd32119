using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.LoadBalancing;

/// <summary>
/// YARP's health updater, and then a wake-up for the requests queued in the cluster: a worker that a probe finds
/// healthy again is a free slot for them.
/// </summary>
internal sealed class WakingDestinationHealthUpdater(IDestinationHealthUpdater inner, IWorkerLoadTracker load) : IDestinationHealthUpdater
{
    public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates)
    {
        var states = newHealthStates as IReadOnlyCollection<NewActiveDestinationHealth> ?? newHealthStates.ToList();
        var cameBack = false;
        foreach (var state in states)
            cameBack |= state.NewActiveHealth == DestinationHealth.Healthy && state.Destination.Health.Active != DestinationHealth.Healthy;
        inner.SetActive(cluster, states);
        if (cameBack) load.WakeWaiters(cluster.ClusterId);
    }

    public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod)
        => inner.SetPassive(cluster, destination, newHealth, reactivationPeriod);
}
