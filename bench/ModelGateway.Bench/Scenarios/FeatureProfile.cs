using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelGateway.Bench.Scenarios;

/// <summary>
/// A gateway variant for the feature rows: a configuration overlay from bench/profiles/&lt;name&gt;.json, where
/// <c>{{API_KEY_HASH}}</c> and <c>{{REDIS_ENDPOINT}}</c> are filled in. Edit those files when the sections change.
/// </summary>
public sealed record FeatureProfile(string Name, bool NeedsRedis, bool UsesKey)
{
    /// <summary>The key the benchmark sends (never a real secret: it exists only for this run).</summary>
    public const string ApiKey = "mgw-bench-0123456789abcdef";

    public static readonly FeatureProfile KeysMemory = new("keys-memory", false, true);
    public static readonly FeatureProfile KeysRedis = new("keys-redis", true, true);
    public static readonly FeatureProfile CacheMemory = new("cache-memory", false, false);

    public JsonObject LoadOverlay(string profilesDir, string? redisEndpoint)
    {
        var text = File.ReadAllText(Path.Combine(profilesDir, Name + ".json"))
            .Replace("{{API_KEY_HASH}}", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))))
            .Replace("{{REDIS_ENDPOINT}}", redisEndpoint ?? "");
        return JsonNode.Parse(text)!.AsObject();
    }
}
