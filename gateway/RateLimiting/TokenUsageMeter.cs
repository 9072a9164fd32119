using System.Buffers.Text;

namespace ModelGateway.RateLimiting;

/// <summary>
/// Reads the usage a worker reports as its reply streams past, without parsing the reply: it looks only for the
/// count keys (Ollama's final line and /api/embed carry <c>"prompt_eval_count":N</c> and <c>"eval_count":N</c>; an
/// OpenAI-protocol worker's <c>usage</c> object carries <c>"prompt_tokens":N</c> and <c>"completion_tokens":N</c>).
/// A quoted key followed by a colon cannot occur inside a JSON string (its quotes would be escaped), so a match is
/// always a real key. Keys split across reads are found in the seam between them.
/// </summary>
internal sealed class TokenUsageMeter
{
    const int SeamBytes = 48;
    readonly byte[][] _keys;
    readonly long?[] _values;
    readonly byte[] _seam = new byte[SeamBytes * 2];
    int _tail;

    public TokenUsageMeter(bool openAIProtocol)
    {
        _keys = openAIProtocol
            ? ["\"prompt_tokens\":"u8.ToArray(), "\"completion_tokens\":"u8.ToArray()]
            : ["\"prompt_eval_count\":"u8.ToArray(), "\"eval_count\":"u8.ToArray()];
        _values = new long?[_keys.Length];
    }

    /// <summary>Prompt plus reply tokens, or null when the worker reported none.</summary>
    public long? Usage => _values.Any(v => v is not null) ? _values.Sum(v => v ?? 0) : null;

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty) return;
        // The seam: the end of the previous read followed by the start of this one.
        var head = Math.Min(chunk.Length, SeamBytes);
        chunk[..head].CopyTo(_seam.AsSpan(_tail));
        Scan(_seam.AsSpan(0, _tail + head), final: false);
        Scan(chunk, final: false);
        if (chunk.Length >= SeamBytes)
        {
            chunk[^SeamBytes..].CopyTo(_seam);
            _tail = SeamBytes;
        }
        else
        {
            // A short read: the tail is the end of the previous tail plus all of it.
            var total = _tail + head;
            var keep = Math.Min(total, SeamBytes);
            _seam.AsSpan(total - keep, keep).CopyTo(_seam);
            _tail = keep;
        }
    }

    /// <summary>The reply ended: a number that ran to the very end of the last read is complete now.</summary>
    public void Complete() => Scan(_seam.AsSpan(0, _tail), final: true);

    void Scan(ReadOnlySpan<byte> data, bool final)
    {
        for (var k = 0; k < _keys.Length; k++)
        {
            var rest = data;
            while (true)
            {
                var at = rest.IndexOf(_keys[k]);
                if (at < 0) break;
                rest = rest[(at + _keys[k].Length)..];
                var number = rest.TrimStart(" \t"u8);
                var digits = number.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
                // Digits running to the end may continue in the next read: the seam will see them whole.
                if (digits < 0 && !final) continue;
                if (digits == 0) continue;
                if (Utf8Parser.TryParse(digits < 0 ? number : number[..digits], out long value, out _)) _values[k] = value;
            }
        }
    }
}
