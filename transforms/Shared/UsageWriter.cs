using System.Text.Json;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Transforms.Shared;

/// <summary>Writes OpenAI's <c>usage</c> object (no *_details: Ollama does not report them).</summary>
internal static class UsageWriter
{
    public static void Write(Utf8JsonWriter writer, UsageCounts usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        writer.WriteEndObject();
    }
}
