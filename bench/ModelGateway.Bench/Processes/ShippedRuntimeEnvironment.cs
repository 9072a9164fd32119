namespace ModelGateway.Bench.Processes;

/// <summary>
/// Runtime variables the gateway ships with (the Dockerfile and config/start.sh set them), given to the gateway and
/// to the floor alike so both run on the same runtime settings. A value already in the benchmark's environment wins,
/// so a run can compare with and without.
/// </summary>
public static class ShippedRuntimeEnvironment
{
    /// <summary>
    /// Tier-up without the runtime's start-up delay: on one core the runtime waits for a full second free of new
    /// quick-jitted methods before counting calls, which a loaded gateway rarely gets, so it ran partly unoptimised
    /// code for half a minute or more of load (docs/configuration.md).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };

    public static void AddTo(IDictionary<string, string?> env)
    {
        foreach (var (name, value) in Variables)
            if (Environment.GetEnvironmentVariable(name) is null) env[name] = value;
    }
}
