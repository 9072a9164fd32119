using System.Text.Json;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Transforms.Completions;

/// <summary>
/// Native logprobs → the legacy completions object
/// <c>{"tokens":[..],"token_logprobs":[..],"top_logprobs":[{token:logprob}],"text_offset":[..]}</c>.
/// </summary>
internal static class LegacyLogprobsWriter
{
    /// <param name="textOffset">Characters of completion text before these tokens; advanced past them.</param>
    public static void Write(Utf8JsonWriter writer, List<OllamaLogprob>? logprobs, ref int textOffset)
    {
        if (logprobs is not { Count: > 0 })
        {
            writer.WriteNull("logprobs"u8);
            return;
        }
        writer.WriteStartObject("logprobs"u8);
        writer.WriteStartArray("tokens"u8);
        foreach (var entry in logprobs)
            writer.WriteStringValue(entry.Token ?? "");
        writer.WriteEndArray();
        writer.WriteStartArray("token_logprobs"u8);
        foreach (var entry in logprobs)
            writer.WriteNumberValue(entry.Logprob);
        writer.WriteEndArray();
        writer.WriteStartArray("top_logprobs"u8);
        foreach (var entry in logprobs)
        {
            writer.WriteStartObject();
            if (entry.TopLogprobs is { } alternatives)
                foreach (var alternative in alternatives)
                    writer.WriteNumber(alternative.Token ?? "", alternative.Logprob);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("text_offset"u8);
        foreach (var entry in logprobs)
        {
            writer.WriteNumberValue(textOffset);
            textOffset += entry.Token?.Length ?? 0;
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
