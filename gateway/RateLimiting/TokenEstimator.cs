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
        var path = Path(request.PathAndQuery);
        if (EmbeddingPaths.Contains(path, StringComparer.OrdinalIgnoreCase)) return Math.Max(1, prompt);
        var native = !path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase);
        var reply = ReplyLimit(request.Body.Span, native) is { } limit and > 0 ? limit : options.DefaultMaxTokens;
        return prompt + reply;
    }

    /// <summary>
    /// The reply-length limit a body sets, or null (absent, or negative: Ollama's "until the context is full"), read as
    /// the worker will read it, since a limit the worker ignores would let a request reserve less than it may generate.
    /// </summary>
    /// <param name="native">
    /// An Ollama body: <c>options.num_predict</c> only (Ollama ignores a top-level <c>max_tokens</c>), <c>options</c>
    /// named as Go matches names, repeated <c>options</c> objects merged and a null value clearing the option, as Go's
    /// decoder and Ollama's <c>Options.FromMap</c> do. Otherwise an OpenAI body: <c>max_completion_tokens</c>, else
    /// <c>max_tokens</c> (the order the gateway's own parser uses), exact names, the last one given.
    /// </param>
    public static long? ReplyLimit(ReadOnlySpan<byte> body, bool native)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        long? numPredict = null, maxTokens = null, maxCompletionTokens = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (native)
                {
                    var isOptions = IsOptions(ref reader);
                    reader.Read();
                    if (isOptions && reader.TokenType == JsonTokenType.StartObject) ReadNumPredict(ref reader, ref numPredict);
                    else reader.Skip();
                    continue;
                }
                var isMax = reader.ValueTextEquals("max_tokens"u8);
                var isMaxCompletion = !isMax && reader.ValueTextEquals("max_completion_tokens"u8);
                reader.Read();
                if (isMax) maxTokens = Integer(ref reader);
                else if (isMaxCompletion) maxCompletionTokens = Integer(ref reader);
                else reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The surface has already validated the body; a reply limit we cannot read falls back to the default.
            return null;
        }
        var found = native ? numPredict : maxCompletionTokens ?? maxTokens;
        return found is > 0 ? found : null;
    }

    static bool IsOptions(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return GoJsonName.Matches(reader.ValueSpan, "options"u8);
        return reader.ValueSpan.Length <= 6 * 7 && GoJsonName.Matches(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!), "options"u8);
    }

    /// <summary>Reads one <c>options</c> object: a number sets the limit, anything else (null) clears it, as Ollama applies the map.</summary>
    static void ReadNumPredict(ref Utf8JsonReader reader, ref long? value)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isNumPredict = reader.ValueTextEquals("num_predict"u8);
            reader.Read();
            if (isNumPredict) value = Integer(ref reader);
            else reader.Skip();
        }
    }

    static long? Integer(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) return n;
        reader.Skip();
        return null;
    }

    static string Path(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery[..q];
    }
}
