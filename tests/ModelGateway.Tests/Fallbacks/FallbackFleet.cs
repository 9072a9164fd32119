using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Fallbacks;

/// <summary>
/// Three simulated workers, each the only worker of its cluster: <see cref="Primary"/> serves the requested models and can
/// be made to refuse connections (it has a control port); <see cref="Backup"/> and <see cref="Old"/> serve the fallbacks,
/// <see cref="Old"/> as an Ollama too old for logprobs (the others are new enough). Workers come back into rotation 1 s after a refusal ends.
/// </summary>
internal sealed class FallbackFleet : IAsyncDisposable
{
    public const string Requested = "llama3.2:3b";
    public const string RequestedAlias = "chat";
    public const string Fallback = "qwen2.5:7b";
    public const string OldFallback = "mistral:7b";

    /// <summary>Served by <see cref="Primary"/>, falling back first to <see cref="OldFallback"/>, then <see cref="Fallback"/>.</summary>
    public const string LogprobsModel = "phi3:mini";

    FallbackFleet(SimulatorProcess primary, SimulatorProcess backup, SimulatorProcess old)
    {
        Primary = primary;
        Backup = backup;
        Old = old;
    }

    public SimulatorProcess Primary { get; }
    public SimulatorProcess Backup { get; }
    public SimulatorProcess Old { get; }

    public static async Task<FallbackFleet> StartAsync()
    {
        var primary = await SimulatorProcess.StartAsync("--models", $"{Requested},{LogprobsModel},gemma2:2b", "--preload", "*", "--version", "0.13.0",
            "--control-port", FreePort.Next().ToString());
        var backup = await SimulatorProcess.StartAsync("--models", $"{Fallback},phi3:medium", "--preload", "*", "--version", "0.13.0");
        var old = await SimulatorProcess.StartAsync("--models", OldFallback, "--preload", "*", "--version", "0.12.0");
        return new FallbackFleet(primary, backup, old);
    }

    /// <summary>
    /// The clusters, and <see cref="Requested"/> (alias <see cref="RequestedAlias"/>) with <paramref name="fallbacks"/>;
    /// <see cref="LogprobsModel"/> with its two fallbacks; gemma2:2b and phi3:medium on OpenAI-speaking clusters of the same workers.
    /// </summary>
    public FleetConfig Config(params string[] fallbacks)
    {
        var config = new FleetConfig()
            .Cluster("primary", reactivation: TimeSpan.FromSeconds(1)).Worker("primary", "p1", Primary.BaseUrl)
            .Cluster("backup").Worker("backup", "b1", Backup.BaseUrl)
            .Cluster("old").Worker("old", "o1", Old.BaseUrl)
            .Cluster("primary-openai", reactivation: TimeSpan.FromSeconds(1), configure: c => c["Metadata"]!["Protocol"] = "openai").Worker("primary-openai", "po1", Primary.BaseUrl)
            .Cluster("backup-openai", configure: c => c["Metadata"]!["Protocol"] = "openai").Worker("backup-openai", "bo1", Backup.BaseUrl)
            .Model(Requested, "primary", RequestedAlias)
            .Model(Fallback, "backup")
            .Model(OldFallback, "old")
            .Model(LogprobsModel, "primary")
            .Model("gemma2:2b", "primary-openai")
            .Model("phi3:medium", "backup-openai");
        var models = (JsonArray)config.Root["Models"]!;
        if (fallbacks.Length > 0) models[0]!["Fallbacks"] = new JsonArray(fallbacks.Select(f => (JsonNode)f!).ToArray());
        models[3]!["Fallbacks"] = new JsonArray(OldFallback, Fallback);
        models[4]!["Fallbacks"] = new JsonArray("phi3:medium");
        return config;
    }

    /// <summary>The primary worker refuses every connection until <see cref="RestoreAsync"/>.</summary>
    public Task TakePrimaryDownAsync() => Primary.SetFaultsAsync(refuseForMs: -1);

    /// <summary>Clears every fault and counter, and waits until the gateway has the primary worker back in rotation.</summary>
    public async Task RestoreAsync(GatewayProcess gateway)
    {
        await Task.WhenAll(Primary.ResetAsync(), Backup.ResetAsync(), Old.ResetAsync());
        await gateway.WaitUntilAsync(async () =>
        {
            using var response = await gateway.Http.PostJsonAsync("/api/generate", $$$"""{"model":"{{{Requested}}}","prompt":"ping","stream":false,"options":{"num_predict":1}}""");
            return response.StatusCode == HttpStatusCode.OK && response.Worker() == "p1";
        }, TimeSpan.FromSeconds(15), "the primary worker back in rotation");
        await Task.WhenAll(Primary.ResetAsync(), Backup.ResetAsync(), Old.ResetAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        await Backup.DisposeAsync();
        await Old.DisposeAsync();
    }
}
