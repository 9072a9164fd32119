namespace ModelGateway.Bench.Processes;

/// <summary>
/// Runtime variables the gateway ships with (the Dockerfile and config/start.sh set them), given to the gateway and
/// to the floor alike so both run on the same runtime settings. A value already in the benchmark's environment wins,
/// so a run can compare with and without.
/// </summary>
public static class ShippedRuntimeEnvironment
{
    /// <summary>
    /// A shorter call-counting delay: on one core the runtime waits for a full second free of newly compiled methods
    /// before counting calls, which a loaded gateway rarely gets, so it ran partly unoptimised code for half a minute
    /// of load; at 10 ms (100 ms on one core) it is optimised within about 15 s (docs/configuration.md).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCountingDelayMs"] = "10",
    };

    public static void AddTo(IDictionary<string, string?> env)
    {
        foreach (var (name, value) in Variables)
            if (Environment.GetEnvironmentVariable(name) is null) env[name] = value;
    }
}
