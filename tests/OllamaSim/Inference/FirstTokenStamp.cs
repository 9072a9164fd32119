using System.Diagnostics;
using System.Globalization;
using OllamaSim.Generation;

namespace OllamaSim.Inference;

/// <summary>
/// With <c>--stamp-first-token</c>, the first streamed token reads <c>@&lt;arrived&gt;:&lt;sent&gt; </c>: two
/// <see cref="Stopwatch"/> timestamps (the machine's monotonic clock, the same in every process), taken when the
/// request reached the simulator and just before that token was written. A benchmark client on the same machine
/// subtracts the simulator's own wait from its time to first token and is left with what the path added.
/// </summary>
public static class FirstTokenStamp
{
    public static ReplyPiece Stamp(ReplyPiece first, long arrived)
        => first with { Content = string.Create(CultureInfo.InvariantCulture, $"@{arrived}:{Stopwatch.GetTimestamp()} ") };
}
