using System.Buffers.Text;
using System.Diagnostics;

namespace ModelGateway.Bench.Load;

/// <summary>
/// Reads the simulator's <c>--stamp-first-token</c> mark (<c>@&lt;arrived&gt;:&lt;sent&gt; </c>, monotonic-clock
/// timestamps) out of the first body bytes, in any wire format (the gateway's translation copies the token's text).
/// </summary>
public static class FirstTokenStamp
{
    /// <summary>How long the simulator held the request before writing the first token; false until the whole mark is there.</summary>
    public static bool TryReadWorkerWait(ReadOnlySpan<byte> body, out TimeSpan workerWait)
    {
        while (true)
        {
            var at = body.IndexOf((byte)'@');
            if (at < 0)
            {
                workerWait = default;
                return false;
            }
            body = body[(at + 1)..];
            if (TryParseNumber(ref body, (byte)':', out var arrived) && TryParseNumber(ref body, (byte)' ', out var sent))
            {
                workerWait = Stopwatch.GetElapsedTime(arrived, sent);
                return true;
            }
        }
    }

    static bool TryParseNumber(ref ReadOnlySpan<byte> text, byte terminator, out long value)
    {
        if (!Utf8Parser.TryParse(text, out value, out var used) || used == 0 || used >= text.Length || text[used] != terminator) return false;
        text = text[(used + 1)..];
        return true;
    }
}
