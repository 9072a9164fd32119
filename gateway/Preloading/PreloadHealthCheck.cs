using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelGateway.Preloading;

/// <summary>
/// Readiness detail: each kept model and how many workers hold it. Always Healthy: a model that is not loaded yet is
/// still served (with a cold load), so it must not take the gateway out of a load balancer's rotation. A kept model no
/// healthy worker has installed is named as such: it wants "0 of 0" workers, which would otherwise read as all done
/// while nothing is loaded (a misspelt name, a model never pulled, a cluster that is down).
/// </summary>
internal sealed class PreloadHealthCheck(IModelPreloader preloader) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = preloader.Status();
        if (status.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("no model is kept loaded"));
        var data = new Dictionary<string, object>();
        int behind = 0, nowhere = 0;
        foreach (var kept in status)
        {
            if (kept.Wanted == 0)
            {
                data[$"{kept.Model}@{kept.ClusterId}"] = $"installed on no healthy worker, so loaded nowhere (KeepLoaded {kept.KeepLoaded})";
                nowhere++;
                continue;
            }
            data[$"{kept.Model}@{kept.ClusterId}"] = $"loaded on {kept.Loaded} of {kept.Wanted} workers wanted (KeepLoaded {kept.KeepLoaded})";
            if (kept.Loaded < kept.Wanted) behind++;
        }
        var parts = new List<string>(2);
        if (behind > 0) parts.Add($"{behind} of {status.Count} kept models loaded on fewer workers than wanted");
        if (nowhere > 0) parts.Add($"{nowhere} of {status.Count} kept models installed on no healthy worker");
        return Task.FromResult(HealthCheckResult.Healthy(parts.Count == 0 ? $"{status.Count} kept models loaded as wanted" : string.Join("; ", parts), data));
    }
}
