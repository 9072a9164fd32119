using System.Text.Json.Nodes;
using ModelGateway.Authentication;

namespace ModelGateway.Tests.Fixtures;

/// <summary>Key entries for test fleet files, and a readiness wait that needs no key (the tests of keys and limits use it).</summary>
internal static class KeyedConfig
{
    public static JsonObject Entry(string name, string key, string[] models, bool admin = false, string? expires = null, int rpm = 0, long tpm = 0)
    {
        var entry = new JsonObject
        {
            ["Name"] = name, ["Hash"] = ApiKeyHash.Format(ApiKeyHash.Compute(key)),
            ["Models"] = new JsonArray(models.Select(m => (JsonNode)m!).ToArray()), ["Admin"] = admin,
        };
        if (expires is not null) entry["ExpiresAt"] = expires;
        if (rpm > 0) entry["RequestsPerMinute"] = rpm;
        if (tpm > 0) entry["TokensPerMinute"] = tpm;
        return entry;
    }

    /// <summary>/readyz is open, unlike /api/tags, so it tells without a key when every cluster has a healthy worker.</summary>
    public static Task WaitForHealthyFleetAsync(GatewayProcess gateway)
        => gateway.WaitUntilAsync(async () =>
        {
            using var ready = await gateway.Http.GetAsync("/readyz");
            var body = await ready.ReadJsonObjectAsync();
            return (string?)body["checks"]?["fleet"]?["status"] == "Healthy";
        }, TimeSpan.FromSeconds(20), "a healthy fleet in /readyz");
}
