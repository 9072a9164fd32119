using System.Text.Json;
using ModelGateway.Transforms.Chat;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// The conversation a stored response stands for — every message of its input (instructions aside) and of the
/// conversations it continued, then its reply — in native form, so a continuation sends it to the worker as it is.
/// Written and read as a JSON array of native chat messages.
/// </summary>
public sealed class ResponseConversation
{
    internal ResponseConversation(List<NativeChatMessage> messages) => Messages = messages;

    internal List<NativeChatMessage> Messages { get; }

    public int Count => Messages.Count;

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var message in Messages)
            message.WriteTo(writer);
        writer.WriteEndArray();
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; null when <paramref name="array"/> is not such a conversation.</summary>
    public static ResponseConversation? Read(JsonElement array)
    {
        try
        {
            return array.ValueKind == JsonValueKind.Array ? ReadMessages(array) : null;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    static ResponseConversation? ReadMessages(JsonElement array)
    {
        var messages = new List<NativeChatMessage>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || String(item, "role"u8) is not { } role || String(item, "content"u8) is not { } content)
                return null;
            messages.Add(new NativeChatMessage(role, content)
            {
                Images = item.TryGetProperty("images"u8, out var images) && images.ValueKind == JsonValueKind.Array
                    ? images.EnumerateArray().Select(i => i.GetString() ?? "").ToList()
                    : null,
                Thinking = String(item, "thinking"u8),
                ToolCalls = item.TryGetProperty("tool_calls"u8, out var calls) && calls.ValueKind == JsonValueKind.Array
                    ? calls.EnumerateArray().Select(ToolCall).ToList()
                    : null,
                ToolName = String(item, "tool_name"u8),
                ToolCallId = String(item, "tool_call_id"u8),
            });
        }
        return new ResponseConversation(messages);
    }

    static NativeToolCall ToolCall(JsonElement call)
    {
        var function = call.GetProperty("function"u8);
        return new NativeToolCall(String(call, "id"u8), String(function, "name"u8) ?? "", function.GetProperty("arguments"u8).Clone());
    }

    static string? String(JsonElement holder, ReadOnlySpan<byte> name) =>
        holder.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
