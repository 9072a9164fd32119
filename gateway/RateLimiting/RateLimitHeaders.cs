using System.Globalization;
using System.Text;

namespace ModelGateway.RateLimiting;

/// <summary>OpenAI's x-ratelimit-* headers: limit, remaining and reset (a duration such as <c>1s</c> or <c>6m0s</c>).</summary>
public static class RateLimitHeaders
{
    public static void Write(IHeaderDictionary headers, RateLimitKind kind, RateLimitDecision decision)
    {
        var word = kind.Word();
        headers["x-ratelimit-limit-" + word] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        // Failing open, nothing is known about what is left.
        if (decision.Outcome is RateLimitOutcome.Unchecked or RateLimitOutcome.Unavailable) return;
        headers["x-ratelimit-remaining-" + word] = Math.Max(0, decision.Remaining).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset-" + word] = FormatDuration(decision.ResetAfter);
    }

    /// <summary>Go's time.Duration notation, which OpenAI uses: <c>0s</c>, <c>250ms</c>, <c>1.5s</c>, <c>6m0s</c>, <c>1h2m3s</c>.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) return "0s";
        if (value < TimeSpan.FromSeconds(1)) return Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
        var text = new StringBuilder();
        var totalMs = (long)Math.Ceiling(value.TotalMilliseconds);
        var hours = totalMs / 3_600_000;
        var minutes = totalMs / 60_000 % 60;
        var ms = totalMs % 60_000;
        if (hours > 0) text.Append(hours).Append('h');
        if (hours > 0 || minutes > 0) text.Append(minutes).Append('m');
        text.Append((ms / 1000m).ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }
}
