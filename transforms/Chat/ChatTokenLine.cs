using System.Text.Json;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// The common native <c>/api/chat</c> stream line — a token of content and/or thinking, <c>"done":false</c> — read
/// straight from the line's bytes without building the DTO. <see cref="TryRead"/> declines every other line (done,
/// error, tool calls, logprobs, repeated or mistyped fields, malformed JSON), which then goes through the full
/// deserialisation; for a line it accepts, both paths see the same content and thinking.
/// </summary>
internal readonly ref struct ChatTokenLine
{
    const int CreatedAtSeen = 1, MessageSeen = 2, DoneSeen = 4, ContentSeen = 8, ThinkingSeen = 16;

    ChatTokenLine(NativeString content, NativeString thinking)
    {
        Content = content;
        Thinking = thinking;
    }

    public NativeString Content { get; }
    public NativeString Thinking { get; }

    public static bool TryRead(ReadOnlySpan<byte> line, out ChatTokenLine token)
    {
        if (TryMatchOllamaLayout(line, out token)) return true;
        try
        {
            return TryReadCore(line, out token);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The line exactly as Ollama writes a content token; no JSON reader needed (see <see cref="OllamaLineLayout"/>).</summary>
    static bool TryMatchOllamaLayout(ReadOnlySpan<byte> line, out ChatTokenLine token)
    {
        token = default;
        var layout = new OllamaLineLayout(line);
        if (!layout.Literal("{\"model\":\""u8) || !layout.PlainString()
            || !layout.Literal(",\"created_at\":\""u8) || !layout.PlainString()
            || !layout.Literal(",\"message\":{\"role\":\"assistant\",\"content\":\""u8) || !layout.VerbatimString(out var content)
            || !layout.Literal("},\"done\":false}"u8) || !layout.AtEnd())
            return false;
        token = new ChatTokenLine(NativeString.FromVerbatim(content), default);
        return true;
    }

    static bool TryReadCore(ReadOnlySpan<byte> line, out ChatTokenLine token)
    {
        token = default;
        if (!TokenLineFields.TryStart(line, out var reader)) return false;
        NativeString content = default, thinking = default;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                if (!TokenLineFields.FirstTime(ref seen, MessageSeen) || !TryReadMessage(ref reader, ref seen, out content, out thinking)) return false;
            }
            else if (reader.ValueTextEquals("done"u8))
            {
                if (!TokenLineFields.FirstTime(ref seen, DoneSeen) || !TokenLineFields.TryReadNotDone(ref reader)) return false;
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                if (!TokenLineFields.FirstTime(ref seen, CreatedAtSeen) || !TokenLineFields.TryReadIgnoredString(ref reader)) return false;
            }
            else if (reader.ValueTextEquals("error"u8) || reader.ValueTextEquals("logprobs"u8) || reader.ValueTextEquals("done_reason"u8)
                     || reader.ValueTextEquals("prompt_eval_count"u8) || reader.ValueTextEquals("eval_count"u8))
            {
                return false;
            }
            else
            {
                reader.Skip(); // a field the translation does not read (model, durations, ...)
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || !TokenLineFields.TryFinish(ref reader)) return false;
        token = new ChatTokenLine(content, thinking);
        return true;
    }

    static bool TryReadMessage(scoped ref Utf8JsonReader reader, scoped ref int seen, out NativeString content, out NativeString thinking)
    {
        content = default;
        thinking = default;
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                if (!TokenLineFields.FirstTime(ref seen, ContentSeen) || !TokenLineFields.TryReadString(ref reader, out content)) return false;
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                if (!TokenLineFields.FirstTime(ref seen, ThinkingSeen) || !TokenLineFields.TryReadString(ref reader, out thinking)) return false;
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                return false;
            }
            else
            {
                reader.Skip(); // role, images, ...
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }
}
