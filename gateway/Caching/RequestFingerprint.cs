using System.Text;
using System.Text.Json;
using ModelGateway.Forwarding;

namespace ModelGateway.Caching;

/// <summary>
/// The cache key of a native request and whether its answer is reproducible. The key is the SHA-256 of the worker
/// path, the worker-side model and the body in canonical form without the fields that cannot change the answer.
/// </summary>
/// <param name="Key">Hex SHA-256 with a format prefix, e.g. <c>resp1:3f2a...</c>.</param>
/// <param name="IsDeterministic">Embeddings always; chat and generate when options.temperature is 0 or options.seed is set.</param>
public readonly record struct RequestFingerprint(string Key, bool IsDeterministic)
{
    /// <summary>Bumped whenever the key derivation or the stored format changes, so old entries are never read.</summary>
    const string FormatVersion = "resp1";

    static readonly string[] CompletionPaths = ["/api/chat", "/api/generate"];
    static readonly string[] EmbeddingPaths = ["/api/embed", "/api/embeddings"];

    /// <summary>Body fields that only steer the worker (how long it keeps the model loaded), never the reply.</summary>
    static readonly string[] IgnoredFields = ["keep_alive"];

    /// <summary>True for the inference paths whose replies may be cached (chat, generate, embeddings).</summary>
    public static bool IsCacheablePath(string pathAndQuery)
        => CompletionPaths.Contains(pathAndQuery, StringComparer.Ordinal) || EmbeddingPaths.Contains(pathAndQuery, StringComparer.Ordinal);

    /// <summary>False for a path whose replies are never cached or a body that is not a JSON object.</summary>
    public static bool TryCompute(WorkerRequest request, out RequestFingerprint fingerprint)
    {
        fingerprint = default;
        var path = request.PathAndQuery;
        if (request.Method != HttpMethod.Post || !IsCacheablePath(path)) return false;
        var isCompletion = CompletionPaths.Contains(path, StringComparer.Ordinal);

        JsonDocument document;
        try { document = JsonDocument.Parse(request.Body); }
        catch (JsonException) { return false; }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;

            using var hash = new HashingBufferWriter();
            hash.Append(Encoding.UTF8.GetBytes($"{FormatVersion}\n{path}\n{request.Route.WorkerModel}\n"));
            using (var writer = new Utf8JsonWriter(hash))
            {
                WriteBody(writer, root, isCompletion);
            }
            fingerprint = new RequestFingerprint($"{FormatVersion}:{hash.GetHexHash()}", !isCompletion || IsReproducible(root));
            return true;
        }
    }

    static void WriteBody(Utf8JsonWriter writer, JsonElement root, bool isCompletion)
    {
        writer.WriteStartObject();
        // Ollama streams unless told otherwise: an absent flag and "stream": true ask for the same reply,
        // so the default is written where the key would sort.
        var streamPending = isCompletion && !root.TryGetProperty("stream", out _);
        foreach (var property in CanonicalJson.SortedProperties(root))
        {
            if (IgnoredFields.Contains(property.Name, StringComparer.Ordinal)) continue;
            if (streamPending && string.CompareOrdinal(property.Name, "stream") > 0)
            {
                writer.WriteBoolean("stream", true);
                streamPending = false;
            }
            writer.WritePropertyName(property.Name);
            CanonicalJson.Write(writer, property.Value);
        }
        if (streamPending) writer.WriteBoolean("stream", true);
        writer.WriteEndObject();
    }

    static bool IsReproducible(JsonElement root)
    {
        if (!root.TryGetProperty("options", out var options) || options.ValueKind != JsonValueKind.Object) return false;
        if (options.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number) return true;
        return options.TryGetProperty("temperature", out var temperature)
               && temperature.ValueKind == JsonValueKind.Number
               && temperature.TryGetDouble(out var value) && value == 0;
    }
}
