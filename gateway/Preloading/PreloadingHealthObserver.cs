using ModelGateway.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Preloading;

/// <summary>
/// Any change of a worker's health makes the preloader look again: one that came back can take the model again, and one
/// that went down no longer counts as holding it, so another should load it.
/// </summary>
internal sealed class PreloadingHealthObserver(PreloadTrigger trigger) : IDestinationHealthObserver
{
    public void HealthChanged(ClusterState cluster, bool cameBack) => trigger.Pull();
}
