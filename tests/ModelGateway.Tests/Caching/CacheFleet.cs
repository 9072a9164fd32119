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
        var config = new FleetConfig()
            .Cluster("local")
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
