using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Health;

/// <summary>
/// YARP's health updater, and then, when a worker's health really changed, every <see cref="IDestinationHealthObserver"/>:
/// YARP raises no event of its own, and a probe reports every worker's state whether it changed or not.
/// </summary>
internal sealed class ObservedDestinationHealthUpdater(IDestinationHealthUpdater inner, IEnumerable<IDestinationHealthObserver> observers)
    : IDestinationHealthUpdater
{
    readonly IDestinationHealthObserver[] _observers = observers.ToArray();

    public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates)
    {
        var states = newHealthStates as IReadOnlyCollection<NewActiveDestinationHealth> ?? newHealthStates.ToList();
        bool changed = false, cameBack = false;
        foreach (var state in states)
        {
            if (state.NewActiveHealth == state.Destination.Health.Active) continue;
            changed = true;
            cameBack |= state.NewActiveHealth == DestinationHealth.Healthy;
        }
        inner.SetActive(cluster, states);
        if (changed) Tell(cluster, cameBack);
    }

    public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod)
    {
        var changed = newHealth != destination.Health.Passive;
        inner.SetPassive(cluster, destination, newHealth, reactivationPeriod);
        if (changed) Tell(cluster, newHealth == DestinationHealth.Healthy);
    }

    void Tell(ClusterState cluster, bool cameBack)
    {
        foreach (var observer in _observers) observer.HealthChanged(cluster, cameBack);
    }
}
