using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelGateway.Preloading;

/// <summary>
/// Readiness detail: each kept model and how many workers hold it. Always Healthy: a model that is not loaded yet is
/// still served (with a cold load), so it must not take the gateway out of a load balancer's rotation.
/// </summary>
internal sealed class PreloadHealthCheck(IModelPreloader preloader) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = preloader.Status();
        if (status.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("no model is kept loaded"));
        var data = new Dictionary<string, object>();
        var behind = 0;
        foreach (var kept in status)
        {
            data[$"{kept.Model}@{kept.ClusterId}"] = $"loaded on {kept.Loaded} of {kept.Wanted} workers wanted (KeepLoaded {kept.KeepLoaded})";
            if (kept.Loaded < kept.Wanted) behind++;
        }
        return Task.FromResult(HealthCheckResult.Healthy(behind == 0
            ? $"{status.Count} kept models loaded as wanted"
            : $"{behind} of {status.Count} kept models loaded on fewer workers than wanted", data));
    }
}
