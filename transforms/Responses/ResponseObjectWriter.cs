using System.Text.Json;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// Writes OpenAI's Response object: the request's settings repeated (<see cref="ResponseEcho"/>), the output items,
/// status and usage. Shared by the whole reply, the stream's lifecycle events and what the store keeps.
/// </summary>
internal static class ResponseObjectWriter
{
    public static void Write(Utf8JsonWriter writer, ResponseRequest request, string id, string model, long createdAt, string status,
        long? completedAt, IReadOnlyList<ResponseOutputItem> items, UsageCounts? usage)
    {
        var echo = request.Echo;
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("object"u8, "response"u8);
        writer.WriteNumber("created_at"u8, createdAt);
        writer.WriteString("status"u8, status);
        writer.WriteBoolean("background"u8, false);
        if (completedAt is { } completed) writer.WriteNumber("completed_at"u8, completed);
        else writer.WriteNull("completed_at"u8);
        writer.WriteNull("error"u8);
        if (status == "incomplete")
        {
            writer.WriteStartObject("incomplete_details"u8);
            writer.WriteString("reason"u8, "max_output_tokens"u8);
            writer.WriteEndObject();
        }
        else writer.WriteNull("incomplete_details"u8);
        WriteNullable(writer, "instructions"u8, echo.Instructions);
        if (echo.MaxOutputTokens is { } max) writer.WriteNumber("max_output_tokens"u8, max);
        else writer.WriteNull("max_output_tokens"u8);
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("output"u8);
        foreach (var item in items)
            item.WriteTo(writer);
        writer.WriteEndArray();
        writer.WriteBoolean("parallel_tool_calls"u8, echo.ParallelToolCalls);
        WriteNullable(writer, "previous_response_id"u8, request.PreviousResponseId);
        writer.WriteStartObject("reasoning"u8);
        WriteNullable(writer, "effort"u8, echo.ReasoningEffort);
        writer.WriteNull("summary"u8);
        writer.WriteEndObject();
        writer.WriteBoolean("store"u8, request.Store);
        WriteNullable(writer, "temperature"u8, echo.Temperature);
        writer.WriteStartObject("text"u8);
        writer.WritePropertyName("format"u8);
        if (echo.TextFormat is { } format) format.WriteTo(writer);
        else
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WritePropertyName("tool_choice"u8);
        if (echo.ToolChoice is { } choice) choice.WriteTo(writer);
        else writer.WriteStringValue("auto"u8);
        WriteTools(writer, echo.Tools);
        WriteNullable(writer, "top_p"u8, echo.TopP);
        writer.WriteString("truncation"u8, "disabled"u8);
        // Only a finished response has usage; OpenAI's schema has no null for it.
        if (usage is { } counts) WriteUsage(writer, counts);
        // OpenAI's schema types the deprecated user as a string (not nullable): left out when the client sent none.
        if (echo.User is { } user) writer.WriteString("user"u8, user);
        writer.WritePropertyName("metadata"u8);
        if (echo.Metadata is { } metadata) metadata.WriteTo(writer);
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>The function tools as a Response lists them: every key present, null where the client sent none.</summary>
    static void WriteTools(Utf8JsonWriter writer, List<JsonElement>? tools)
    {
        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            foreach (var name in (ReadOnlySpan<string>)["name", "description", "parameters", "strict"])
            {
                writer.WritePropertyName(name);
                if (tool.TryGetProperty(name, out var value)) value.WriteTo(writer);
                else writer.WriteNullValue();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Ollama counts no cached or reasoning tokens apart: thinking is part of <c>output_tokens</c>.</summary>
    static void WriteUsage(Utf8JsonWriter writer, UsageCounts usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, usage.PromptTokens);
        writer.WriteStartObject("input_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, 0);
        writer.WriteNumber("cache_write_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens"u8, usage.CompletionTokens);
        writer.WriteStartObject("output_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        writer.WriteEndObject();
    }

    static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number) writer.WriteNumber(name, number);
        else writer.WriteNull(name);
    }
}
