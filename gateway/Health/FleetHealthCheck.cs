using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace ModelGateway.Health;

/// <summary>Ready when every cluster has a healthy worker; degraded when some cluster has none; unhealthy when none has.</summary>
internal sealed class FleetHealthCheck(IProxyStateLookup proxyState) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        int clusters = 0, serving = 0;
        foreach (var cluster in proxyState.GetClusters())
        {
            clusters++;
            var available = cluster.DestinationsState.AvailableDestinations.Count;
            if (available > 0) serving++;
            data[cluster.ClusterId] = $"{available}/{cluster.Destinations.Count} workers healthy";
        }
        var result = clusters == 0 ? HealthCheckResult.Unhealthy("no clusters configured", data: data)
            : serving == 0 ? HealthCheckResult.Unhealthy("no cluster has a healthy worker", data: data)
            : serving < clusters ? HealthCheckResult.Degraded($"{clusters - serving} of {clusters} clusters have no healthy worker", data: data)
            : HealthCheckResult.Healthy($"{clusters} clusters serving", data);
        return Task.FromResult(result);
    }
}
