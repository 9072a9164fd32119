using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Fixtures;

/// <summary>Small conveniences for posting JSON and reading JSON or NDJSON answers in tests.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json, CancellationToken cancellationToken = default)
        => http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    public static async Task<JsonObject> ReadJsonObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new AssertionException($"expected a JSON object, got: {text}");
    }

    public static async Task<List<JsonObject>> ReadNdjsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
    }

    public static string Worker(this HttpResponseMessage response)
        => response.Headers.TryGetValues("X-ModelGateway-Worker", out var values) ? values.Single() : throw new AssertionException("no X-ModelGateway-Worker header");

    public static async Task<JsonObject> GetJsonObjectAsync(this HttpClient http, string path)
        => await http.GetFromJsonAsync<JsonObject>(path) ?? throw new AssertionException($"GET {path} returned null");
}
