using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Soak;

/// <summary>
/// A gateway with most of its features on, over four simulated workers and a real redis-server:
/// <list type="bullet">
/// <item><c>chat</c>: <see cref="ChatA"/> (fails, hangs and drops some requests) and <see cref="ChatB"/> (slow first
/// tokens; killed and restarted every round), Capacity 2 each, so requests queue; <see cref="ChatModel"/> falls back
/// to <see cref="BackupModel"/>.</item>
/// <item><c>backup</c>: <see cref="Backup"/>, and the same worker again as an OpenAI-speaking cluster for <see cref="OpenAIModel"/>.</item>
/// <item><c>solo</c>: <see cref="Solo"/>, Capacity 1, a queue of 4, drops some replies; restarted every round.</item>
/// <item><c>gone</c>: a worker nothing listens for; <see cref="GoneModel"/> is always answered by its fallback.</item>
/// </list>
/// Keys: <see cref="MainKey"/> (every model, no budget), <see cref="RequestLimitedKey"/>, <see cref="TokenLimitedKey"/>
/// and <see cref="NarrowKey"/> (only the solo model); budgets and the response cache live in Redis.
/// </summary>
public sealed class SoakFleet : IAsyncDisposable
{
    public const string ChatModel = "llama3.2:3b";
    public const string EmbedModel = "nomic-embed-text";
    public const string BackupModel = "qwen2.5:7b";
    public const string OpenAIModel = "gemma2:2b";
    public const string SoloModel = "phi3:mini";
    public const string GoneModel = "mistral:7b";
    public const int MaxBodyBytes = 64 * 1024;

    public static readonly string MainKey = ApiKeyCommand.Mint();
    public static readonly string RequestLimitedKey = ApiKeyCommand.Mint();
    public static readonly string TokenLimitedKey = ApiKeyCommand.Mint();
    public static readonly string NarrowKey = ApiKeyCommand.Mint();

    readonly string _goneAddress = $"http://127.0.0.1:{FreePort.Next()}";
    int _edits;

    SoakFleet(RedisServerProcess redis, SimulatorProcess[] sims)
    {
        Redis = redis;
        (ChatA, ChatB, Backup, Solo) = (sims[0], sims[1], sims[2], sims[3]);
    }

    public RedisServerProcess Redis { get; }
    public SimulatorProcess ChatA { get; }
    public SimulatorProcess ChatB { get; }
    public SimulatorProcess Backup { get; }
    public SimulatorProcess Solo { get; }
    public GatewayProcess Gateway { get; private set; } = null!;
    public IEnumerable<SimulatorProcess> Workers => [ChatA, ChatB, Backup, Solo];

    /// <summary>Fleet-file edits written while running.</summary>
    public int Edits => _edits;

    public static async Task<SoakFleet> StartAsync()
    {
        var redis = await RedisServerProcess.StartAsync();
        var sims = await Task.WhenAll(
            SimulatorProcess.StartAsync("--models", $"{ChatModel},{EmbedModel}=embedding", "--preload", "*", "--parallel", "4", "--token-ms", "5",
                "--fail-rate", "0.04", "--hang-rate", "0.02", "--drop-rate", "0.04"),
            SimulatorProcess.StartAsync("--models", $"{ChatModel},{EmbedModel}=embedding", "--preload", "*", "--parallel", "4", "--token-ms", "5",
                "--slow-first-token-ms", "150"),
            SimulatorProcess.StartAsync("--models", $"{BackupModel},{OpenAIModel}", "--preload", "*", "--parallel", "8", "--token-ms", "2"),
            SimulatorProcess.StartAsync("--models", SoloModel, "--preload", "*", "--parallel", "2", "--token-ms", "15", "--drop-rate", "0.05"));
        var fleet = new SoakFleet(redis, sims);
        try
        {
            fleet.Gateway = await GatewayProcess.StartAsync(fleet.Config(0));
            await fleet.WaitForWorkersAsync();
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The fleet file; <paramref name="variant"/> changes a weight and a Capacity, as an operator's edit would.</summary>
    public FleetConfig Config(int variant)
    {
        var odd = variant % 2 == 1;
        var config = new FleetConfig()
            .Cluster("chat", reactivation: TimeSpan.FromSeconds(1))
            .Worker("chat", "a1", ChatA.BaseUrl, weight: odd ? 2 : 1, capacity: 2)
            .Worker("chat", "b1", ChatB.BaseUrl, capacity: odd ? 3 : 2)
            .Cluster("backup", reactivation: TimeSpan.FromSeconds(1)).Worker("backup", "c1", Backup.BaseUrl, capacity: 6)
            .Cluster("backup-openai", reactivation: TimeSpan.FromSeconds(1), configure: c => c["Metadata"]!["Protocol"] = "openai")
            .Worker("backup-openai", "c1-openai", Backup.BaseUrl, capacity: 4)
            .Cluster("solo", reactivation: TimeSpan.FromSeconds(1)).Worker("solo", "d1", Solo.BaseUrl, capacity: 1)
            // No probe: the first refused request takes it out, and its model's requests fall back from then on.
            .Cluster("gone", configure: c => c["HealthCheck"]!["Active"]!["Enabled"] = false).Worker("gone", "x1", _goneAddress)
            .Model(ChatModel, "chat", "chat").Model(EmbedModel, "chat").Model(BackupModel, "backup")
            .Model(OpenAIModel, "backup-openai").Model(SoloModel, "solo").Model(GoneModel, "gone")
            .Set("ModelRouting:DiscoverFromWorkers", false)
            .Set("Dispatch:MaxAttempts", 2)
            .Set("Dispatch:MaxQueuePerCluster", 4)
            .Set("Dispatch:QueueTimeout", "00:00:02")
            .Set("Dispatch:ResponseHeadersTimeout", "00:00:02")
            .Set("Dispatch:StreamIdleTimeout", "00:00:02")
            .Set("Gateway:MaxRequestBodyBytes", MaxBodyBytes)
            .Set("Redis:Endpoint", Redis.Endpoint)
            .Set("Redis:ReconnectMinDelay", "00:00:00.050").Set("Redis:ReconnectMaxDelay", "00:00:00.500")
            .Set("RateLimits:FailureMode", "Open")
            .Set("ResponseCache:Enabled", true)
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("main", MainKey, ["*"]),
                KeyedConfig.Entry("rpm", RequestLimitedKey, ["*"], rpm: 20),
                KeyedConfig.Entry("tpm", TokenLimitedKey, ["*"], tpm: 400),
                KeyedConfig.Entry("narrow", NarrowKey, [SoloModel])));
        var models = (JsonArray)config.Root["Models"]!;
        models[0]!["Fallbacks"] = new JsonArray(BackupModel);
        models[5]!["Fallbacks"] = new JsonArray(BackupModel);
        return config;
    }

    /// <summary>Waits until every worker that runs is in rotation.</summary>
    public Task WaitForWorkersAsync() => Gateway.WaitUntilAsync(async () =>
    {
        using var response = await Gateway.Http.GetAsync("/metrics");
        var scrape = new Diagnostics.MetricsScrape(await response.Content.ReadAsStringAsync());
        return new[] { ("chat", 2), ("backup", 1), ("backup-openai", 1), ("solo", 1) }
            .All(c => scrape.Sum("modelgateway_cluster_healthy_workers", ("cluster", c.Item1)) == c.Item2);
    }, TimeSpan.FromSeconds(20), "every simulated worker in rotation");

    /// <summary>Rewrites the fleet file with the next variant while traffic runs.</summary>
    public Task EditFleetAsync() => Gateway.WriteConfigAsync(Config(Interlocked.Increment(ref _edits)));

    /// <summary>
    /// What happens to a fleet over weeks, squeezed into one round of traffic: a worker crashes and comes back, Redis
    /// restarts empty, an operator edits the fleet file, the Capacity-1 worker crashes under its in-flight request,
    /// Redis hangs for a while.
    /// </summary>
    public async Task RunIncidentsAsync(TimeSpan round)
    {
        var start = DateTime.UtcNow;
        async Task At(double share) => await Task.Delay(Max(TimeSpan.Zero, start + round * share - DateTime.UtcNow));
        await At(0.2);
        ChatB.Kill();
        await At(0.3);
        await Redis.StopAsync();
        await At(0.45);
        await ChatB.RestartAsync();
        await At(0.5);
        await Redis.StartAgainAsync();
        await At(0.6);
        await EditFleetAsync();
        await At(0.7);
        await Solo.RestartAsync();
        await At(0.8);
        // A hung Redis host: commands wait, time out, then fail at once as stalled, until it answers again.
        Redis.Freeze();
        await At(0.9);
        Redis.Thaw();
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        foreach (var worker in Workers) await worker.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
