using System.Text.Json;
using ModelGateway.Forwarding;

namespace ModelGateway.Ollama;

/// <summary>
/// Ollama's load and unload requests: an /api/generate without a prompt, an /api/chat without messages, an /api/embed
/// or /api/embeddings without input load the named model (and unload it with <c>keep_alive: 0</c>) instead of running it.
/// Such a request is about that model itself, so no other model may answer it in its place.
/// </summary>
internal static class OllamaLoadRequest
{
    public static bool Is(OllamaEndpoint endpoint, ReadOnlySpan<byte> body)
    {
        var field = endpoint == OllamaEndpoint.Generate || endpoint == OllamaEndpoint.Embeddings ? "prompt"u8
            : endpoint == OllamaEndpoint.Chat ? "messages"u8
            : endpoint == OllamaEndpoint.Embed ? "input"u8
            : default;
        return !field.IsEmpty && IsEmpty(body, field);
    }

    /// <summary>The property name matched as the worker's Go decoder matches it (ignoring case, escapes decoded).</summary>
    static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> field)
    {
        if (!reader.ValueIsEscaped) return GoJsonName.Matches(reader.ValueSpan, field);
        // Every character escaped (\uXXXX) still fits; a longer name cannot be the field.
        Span<byte> unescaped = stackalloc byte[64];
        return reader.ValueSpan.Length <= unescaped.Length && GoJsonName.Matches(unescaped[..reader.CopyString(unescaped)], field);
    }

    /// <summary>True when the body's top-level <paramref name="field"/> is absent, null, an empty string or an empty array.</summary>
    static bool IsEmpty(ReadOnlySpan<byte> body, ReadOnlySpan<byte> field)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = NameIs(ref reader, field);
                if (!reader.Read()) return false;
                if (match)
                    return reader.TokenType switch
                    {
                        JsonTokenType.Null => true,
                        JsonTokenType.String => reader.ValueSpan.IsEmpty,
                        JsonTokenType.StartArray => reader.Read() && reader.TokenType == JsonTokenType.EndArray,
                        _ => false,
                    };
                reader.Skip();
            }
            return true;
        }
        catch (JsonException)
        {
            // The validators have accepted the body; a body the reader cannot follow is simply not a load request.
            return false;
        }
    }
}
