using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Preloading;

/// <summary>
/// YARP's health updater, and then a look by the preloader when a worker's health changed: one that came back can
/// take the model again, and one that went down no longer counts as holding it, so another should load it.
/// </summary>
internal sealed class PreloadingDestinationHealthUpdater(IDestinationHealthUpdater inner, PreloadTrigger trigger) : IDestinationHealthUpdater
{
    public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates)
    {
        var states = newHealthStates as IReadOnlyCollection<NewActiveDestinationHealth> ?? newHealthStates.ToList();
        var changed = false;
        foreach (var state in states)
            changed |= state.NewActiveHealth != state.Destination.Health.Active;
        inner.SetActive(cluster, states);
        if (changed) trigger.Pull();
    }

    public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod)
    {
        var changed = newHealth != destination.Health.Passive;
        inner.SetPassive(cluster, destination, newHealth, reactivationPeriod);
        if (changed) trigger.Pull();
    }
}
