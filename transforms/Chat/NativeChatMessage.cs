using System.Text.Json;

namespace ModelGateway.Transforms.Chat;

/// <summary>One translated message for native <c>/api/chat</c>; absent parts are not written.</summary>
internal sealed class NativeChatMessage(string role, string content)
{
    public string Role { get; } = role;
    public string Content { get; } = content;
    public List<string>? Images { get; init; }
    public string? Thinking { get; init; }
    public List<NativeToolCall>? ToolCalls { get; init; }
    public string? ToolName { get; set; }
    public string? ToolCallId { get; init; }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, Role);
        writer.WriteString("content"u8, Content);
        if (Images is { Count: > 0 })
        {
            writer.WriteStartArray("images"u8);
            foreach (var image in Images)
                writer.WriteStringValue(image);
            writer.WriteEndArray();
        }
        if (!string.IsNullOrEmpty(Thinking))
            writer.WriteString("thinking"u8, Thinking);
        if (ToolCalls is { Count: > 0 })
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var call in ToolCalls)
            {
                writer.WriteStartObject();
                if (!string.IsNullOrEmpty(call.Id))
                    writer.WriteString("id"u8, call.Id);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, call.Name);
                writer.WritePropertyName("arguments"u8);
                call.Arguments.WriteTo(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (ToolName is not null)
            writer.WriteString("tool_name"u8, ToolName);
        if (ToolCallId is not null)
            writer.WriteString("tool_call_id"u8, ToolCallId);
        writer.WriteEndObject();
    }
}
