using System.Buffers.Text;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Reads token counts from the end of an Ollama answer: the final object (or the last NDJSON line of a stream)
/// carries <c>prompt_eval_count</c> and <c>eval_count</c> after everything else, so the last few hundred bytes suffice.
/// </summary>
internal static class OllamaUsageReader
{
    static ReadOnlySpan<byte> PromptField => "\"prompt_eval_count\""u8;
    static ReadOnlySpan<byte> CompletionField => "\"eval_count\""u8;

    public static bool TryRead(ReadOnlySpan<byte> tail, out long prompt, out long completion)
    {
        var found = TryReadNumber(tail, PromptField, out prompt);
        found |= TryReadNumber(tail, CompletionField, out completion);
        return found;
    }

    static bool TryReadNumber(ReadOnlySpan<byte> text, ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var at = text.LastIndexOf(field);
        if (at < 0) return false;
        var rest = text[(at + field.Length)..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != (byte)':') return false;
        rest = rest[1..].TrimStart(" \t\r\n"u8);
        return Utf8Parser.TryParse(rest, out value, out _) && value >= 0;
    }
}
