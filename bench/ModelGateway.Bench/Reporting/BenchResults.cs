using ModelGateway.Bench.Load;

namespace ModelGateway.Bench.Reporting;

/// <summary>Everything one run measured, plus the problems that make a smoke run fail.</summary>
public sealed class BenchResults
{
    public required string Machine { get; init; }
    public required string Commit { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required bool Smoke { get; init; }
    public required string Pinning { get; init; }
    public int Rounds { get; set; }

    /// <summary>Scenario name → target name → result summed over rounds.</summary>
    public Dictionary<string, Dictionary<string, PhaseResult>> Load { get; } = new();
    public Dictionary<string, string> ScenarioTitles { get; } = new();

    /// <summary>Proxy name → the many-open-streams phase.</summary>
    public Dictionary<string, OpenStreamsResult> OpenStreams { get; } = new();
    public Dictionary<string, long> SimulatorMaxInFlight { get; } = new();

    /// <summary>Share of the machine's CPU that processes outside this run used during the load rounds (noise).</summary>
    public double? ForeignCpuShare { get; set; }

    public long GatewayIdleRssKb { get; set; }
    public long NginxIdleRssKb { get; set; }
    public long GatewayRssAfterLoadKb { get; set; }

    public List<FeatureResult> Features { get; } = new();

    /// <summary>Failed requests, missing completions, unexpected errors: a smoke run fails when this is not empty.</summary>
    public List<string> Problems { get; } = new();

    public PhaseResult? Get(string scenario, string target)
        => Load.TryGetValue(scenario, out var byTarget) && byTarget.TryGetValue(target, out var result) ? result : null;
}
