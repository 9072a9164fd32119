using System.Buffers.Text;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Reads token counts from the last bytes of a worker's answer. Ollama puts <c>prompt_eval_count</c> and
/// <c>eval_count</c> at the end of its final object (or last NDJSON line); an OpenAI-speaking worker puts
/// <c>usage</c> at the end of its JSON or its last SSE chunk. So a tail of a few hundred bytes suffices.
/// </summary>
internal static class WorkerUsageReader
{
    public static bool TryRead(ReadOnlySpan<byte> tail, out long prompt, out long completion)
    {
        var found = TryReadNumber(tail, "\"prompt_eval_count\""u8, out prompt);
        found |= TryReadNumber(tail, "\"eval_count\""u8, out completion);
        if (found) return true;
        found = TryReadNumber(tail, "\"prompt_tokens\""u8, out prompt);
        found |= TryReadNumber(tail, "\"completion_tokens\""u8, out completion);
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
        if (!Utf8Parser.TryParse(rest, out long parsed, out _) || parsed < 0) return false;
        value = parsed;
        return true;
    }
}
