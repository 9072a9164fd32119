using Yarp.ReverseProxy.Configuration;

namespace ModelGateway.Configuration;

/// <summary>
/// Gives every cluster the defaults a fleet of model workers wants unless ops set their own: the
/// <c>WeightedLeastLoaded</c> policy, active probes of /api/version, passive detection of refused connections, and
/// no traffic to a worker known to be down. Also rejects the HashCookie affinity policy, whose hashing library is
/// not part of this build.
/// </summary>
internal sealed class ClusterDefaultsConfigFilter : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var affinity = cluster.SessionAffinity;
        if (affinity?.Enabled == true && (string.IsNullOrEmpty(affinity.Policy) || string.Equals(affinity.Policy, "HashCookie", StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"ReverseProxy:Clusters:{cluster.ClusterId}:SessionAffinity:Policy HashCookie is not supported by this build; use \"Cookie\" or \"CustomHeader\"");

        var health = cluster.HealthCheck ?? new HealthCheckConfig();
        // A cluster that sets some of a check's keys but not Enabled still gets the check (Enabled's default is true).
        var active = health.Active ?? new ActiveHealthCheckConfig();
        active = active with
        {
            Enabled = active.Enabled ?? true,
            Interval = active.Interval ?? TimeSpan.FromSeconds(5),
            Timeout = active.Timeout ?? TimeSpan.FromSeconds(2),
            Policy = active.Policy ?? "ConsecutiveFailures",
            Path = active.Path ?? "/api/version",
        };
        var passive = health.Passive ?? new PassiveHealthCheckConfig();
        passive = passive with { Enabled = passive.Enabled ?? true, Policy = passive.Policy ?? "TransportFailureRate" };

        return ValueTask.FromResult(cluster with
        {
            LoadBalancingPolicy = cluster.LoadBalancingPolicy ?? LoadBalancing.WeightedLeastLoadedPolicy.PolicyName,
            HealthCheck = health with
            {
                Active = active,
                Passive = passive,
                AvailableDestinationsPolicy = health.AvailableDestinationsPolicy ?? "HealthyAndUnknown",
            },
        });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
        => ValueTask.FromResult(route);
}
