using System.Text.Json;
using ModelGateway.Forwarding;

namespace ModelGateway.RateLimiting;

/// <summary>
/// What a request may cost before it runs: body bytes / RateLimits:BytesPerToken for the prompt, plus the reply
/// limit the body sets (<c>options.num_predict</c> natively, <c>max_tokens</c>/<c>max_completion_tokens</c> for
/// OpenAI-protocol workers), else RateLimits:DefaultMaxTokens. Embeddings generate nothing.
/// </summary>
internal static class TokenEstimator
{
    static readonly string[] GeneratingPaths = ["/api/chat", "/api/generate", "/v1/chat/completions", "/v1/completions"];
    static readonly string[] EmbeddingPaths = ["/api/embed", "/api/embeddings", "/v1/embeddings"];

    /// <summary>Only inference spends tokens; /api/show and the like are free.</summary>
    public static bool IsMetered(string pathAndQuery)
    {
        var path = Path(pathAndQuery);
        return GeneratingPaths.Contains(path, StringComparer.OrdinalIgnoreCase) || EmbeddingPaths.Contains(path, StringComparer.OrdinalIgnoreCase);
    }

    public static long Estimate(WorkerRequest request, RateLimitOptions options)
    {
        var prompt = (long)Math.Ceiling(request.Body.Length / Math.Max(0.1, options.BytesPerToken));
        if (EmbeddingPaths.Contains(Path(request.PathAndQuery), StringComparer.OrdinalIgnoreCase)) return Math.Max(1, prompt);
        var reply = ReplyLimit(request.Body.Span) is { } limit and > 0 ? limit : options.DefaultMaxTokens;
        return prompt + reply;
    }

    /// <summary>The reply-length limit a body sets, or null (absent, or negative: Ollama's "until the context is full").</summary>
    public static long? ReplyLimit(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        long? found = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOptions = reader.ValueTextEquals("options"u8);
                var isMax = reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8);
                reader.Read();
                if (isMax && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var max)) found = max;
                else if (isOptions && reader.TokenType == JsonTokenType.StartObject) found = NumPredict(ref reader) ?? found;
                else reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The surface has already validated the body; a reply limit we cannot read falls back to the default.
        }
        return found is > 0 ? found : null;
    }

    static long? NumPredict(ref Utf8JsonReader reader)
    {
        long? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isNumPredict = reader.ValueTextEquals("num_predict"u8);
            reader.Read();
            if (isNumPredict && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) value = n;
            else reader.Skip();
        }
        return value;
    }

    static string Path(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }
}
