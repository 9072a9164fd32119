using System.Text.Json;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Completions;

/// <summary>
/// The common native <c>/api/generate</c> stream line — a <c>response</c> token, <c>"done":false</c> — read straight
/// from the line's bytes without building the DTO. <see cref="TryRead"/> declines every other line (done, error,
/// logprobs, repeated or mistyped fields, malformed JSON), which then goes through the full deserialisation; for a
/// line it accepts, both paths see the same text.
/// </summary>
internal readonly ref struct GenerateTokenLine
{
    const int CreatedAtSeen = 1, ResponseSeen = 2, DoneSeen = 4;

    GenerateTokenLine(NativeString response) => Response = response;

    public NativeString Response { get; }

    public static bool TryRead(ReadOnlySpan<byte> line, out GenerateTokenLine token)
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

    /// <summary>The line exactly as Ollama writes a response token; no JSON reader needed (see <see cref="OllamaLineLayout"/>).</summary>
    static bool TryMatchOllamaLayout(ReadOnlySpan<byte> line, out GenerateTokenLine token)
    {
        token = default;
        var layout = new OllamaLineLayout(line);
        if (!layout.Literal("{\"model\":\""u8) || !layout.PlainString()
            || !layout.Literal(",\"created_at\":\""u8) || !layout.PlainString()
            || !layout.Literal(",\"response\":\""u8) || !layout.VerbatimString(out var response)
            || !layout.Literal(",\"done\":false}"u8) || !layout.AtEnd())
            return false;
        token = new GenerateTokenLine(NativeString.FromVerbatim(response));
        return true;
    }

    static bool TryReadCore(ReadOnlySpan<byte> line, out GenerateTokenLine token)
    {
        token = default;
        if (!TokenLineFields.TryStart(line, out var reader)) return false;
        NativeString response = default;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("response"u8))
            {
                if (!TokenLineFields.FirstTime(ref seen, ResponseSeen) || !TokenLineFields.TryReadString(ref reader, out response)) return false;
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
                reader.Skip(); // a field the translation does not read (model, thinking, context, ...)
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || !TokenLineFields.TryFinish(ref reader)) return false;
        token = new GenerateTokenLine(response);
        return true;
    }
}
