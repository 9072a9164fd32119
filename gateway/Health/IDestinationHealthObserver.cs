using Yarp.ReverseProxy.Model;

namespace ModelGateway.Health;

/// <summary>Told after YARP changed the health of a cluster's workers, by an active probe or a passive failure.</summary>
public interface IDestinationHealthObserver
{
    /// <param name="cluster">The cluster whose workers changed.</param>
    /// <param name="cameBack">A worker turned healthy: it can take requests again.</param>
    void HealthChanged(ClusterState cluster, bool cameBack);
}
