using System.Buffers.Text;
using System.Diagnostics;

namespace ModelGateway.Bench.Load;

/// <summary>
/// Reads the simulator's <c>--stamp-first-token</c> mark (<c>@&lt;arrived&gt;:&lt;sent&gt; </c>, monotonic-clock
/// timestamps) out of the first body bytes, in any wire format (the gateway's translation copies the token's text).
/// </summary>
public static class FirstTokenStamp
{
    /// <summary>
    /// When the request reached the simulator and when it wrote the first token (<see cref="Stopwatch"/> timestamps);
    /// false until the whole mark is there.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out long arrived, out long sent)
    {
        while (true)
        {
            var at = body.IndexOf((byte)'@');
            if (at < 0)
            {
                arrived = sent = 0;
                return false;
            }
            body = body[(at + 1)..];
            if (TryParseNumber(ref body, (byte)':', out arrived) && TryParseNumber(ref body, (byte)' ', out sent)) return true;
        }
    }

    static bool TryParseNumber(ref ReadOnlySpan<byte> text, byte terminator, out long value)
    {
        if (!Utf8Parser.TryParse(text, out value, out var used) || used == 0 || used >= text.Length || text[used] != terminator) return false;
        text = text[(used + 1)..];
        return true;
    }
}
