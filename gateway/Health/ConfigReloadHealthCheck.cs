using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelGateway.Configuration;

namespace ModelGateway.Health;

/// <summary>Degraded while the latest edit of the fleet file was rejected (the previous configuration still serves).</summary>
internal sealed class ConfigReloadHealthCheck(FleetConfigurationSource source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var outcome = source.Provider?.LastOutcome;
        var data = new Dictionary<string, object> { ["path"] = source.Provider?.FullPath ?? source.Path };
        if (outcome is { Result: FleetReloadResult.Rejected })
        {
            data["rejectedAt"] = outcome.At.ToString("O");
            return Task.FromResult(HealthCheckResult.Degraded("last configuration edit rejected: " + outcome.Error, data: data));
        }
        return Task.FromResult(HealthCheckResult.Healthy("configuration applied", data));
    }
}
