using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Caching;

/// <summary>The fleet the cache tests run against: one simulator serving a chat and an embedding model.</summary>
static class CacheFleet
{
    public const string ChatModel = "llama3.2:3b";
    public const string EmbedModel = "nomic-embed-text";
    public static readonly string[] Models = [ChatModel, EmbedModel];

    public static Task<SimulatorProcess> StartSimulatorAsync()
        => SimulatorProcess.StartAsync("--models", $"{ChatModel},{EmbedModel}=embedding", "--preload", "*", "--quiet");

    /// <summary>A gateway in front of <paramref name="sim"/>; <paramref name="settings"/> are extra keys such as ResponseCache:Ttl.</summary>
    public static Task<GatewayProcess> StartGatewayAsync(SimulatorProcess sim, params (string Key, JsonNode? Value)[] settings)
    {
        // A worker that broke a stream may be benched by passive health; keep that short so tests move on.
        var config = new FleetConfig()
            .Cluster("local", reactivation: TimeSpan.FromMilliseconds(200))
            .Worker("local", "sim", sim.BaseUrl)
            .Model(ChatModel, "local")
            .Model(EmbedModel, "local");
        foreach (var (key, value) in settings) config.Set(key, value);
        return GatewayProcess.StartAsync(config, waitForModels: Models);
    }

    public static async Task<CachedCall> PostAsync(this GatewayProcess gateway, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await gateway.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new CachedCall((int)response.StatusCode, Header(response, "X-Cache"), Header(response, "X-ModelGateway-Worker"),
            response.Content.Headers.ContentType, body);
    }

    /// <summary>
    /// Polls with <c>Cache-Control: only-if-cached</c> (never reaches a worker) until the reply is stored, for
    /// stores that complete after the reply, such as another instance's write to Redis.
    /// </summary>
    public static async Task WaitUntilCachedAsync(this GatewayProcess gateway, string path, string json)
        => await gateway.WaitUntilAsync(async () => (await gateway.PostAsync(path, json, ("Cache-Control", "only-if-cached"))).Status == 200,
            TimeSpan.FromSeconds(10), $"{path} reply stored in the cache");

    /// <summary>After a fault test: waits until the worker serves again (passive health may have benched it briefly).</summary>
    public static async Task WaitUntilServingAsync(this GatewayProcess gateway)
        => await gateway.WaitUntilAsync(async () => (await gateway.PostAsync("/api/show", $$"""{"model":"{{ChatModel}}"}""")).Status == 200,
            TimeSpan.FromSeconds(10), "the worker to serve again");

    /// <summary>Inference requests the simulator has received so far.</summary>
    public static async Task<long> InferenceCountAsync(this SimulatorProcess sim) => (await sim.GetStatsAsync()).InferenceRequests;

    /// <summary>A chat body that is deterministic (temperature 0) and unique to the calling test.</summary>
    public static string Chat(string text, bool stream = false, string options = """{"temperature":0}""")
        => $$"""{"model":"{{ChatModel}}","messages":[{"role":"user","content":{{JsonValue.Create(text).ToJsonString()}}}],"stream":{{(stream ? "true" : "false")}},"options":{{options}}}""";

    static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}

/// <summary>What a test sees of one call.</summary>
sealed record CachedCall(int Status, string? Cache, string? Worker, MediaTypeHeaderValue? ContentType, string Body);
