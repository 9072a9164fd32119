using ModelGateway.Bench.Load;

namespace ModelGateway.Bench.Reporting;

/// <summary>A feature row (keys + rate limit, caching): measured against the plain gateway in the same rounds, or why not.</summary>
public sealed class FeatureResult
{
    public required string Name { get; init; }

    /// <summary>Null when measured; otherwise the reason the row reads "not yet measured".</summary>
    public string? NotMeasured { get; set; }

    /// <summary>Keyed by phase name (e.g. "passthrough-c16") for the feature gateway and for the plain gateway alongside.</summary>
    public Dictionary<string, PhaseResult> Feature { get; } = new();
    public Dictionary<string, PhaseResult> Baseline { get; } = new();

    public double? RedisRoundTripMs { get; set; }
    /// <summary>Commands Redis executed per request (INFO stats), script-internal ones included.</summary>
    public double? RedisCommandsPerRequest { get; set; }

    /// <summary>Commands the gateway sent per request (MONITOR, script-internal ones excluded): the round trips.</summary>
    public double? RedisRoundTripsPerRequest { get; set; }
}
