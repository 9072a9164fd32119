using System.Globalization;

namespace ModelGateway.RateLimiting;

/// <summary>OpenAI's x-ratelimit-* headers: limit, remaining and reset (a duration such as <c>1s</c> or <c>6m0s</c>).</summary>
public static class RateLimitHeaders
{
    static readonly string[] LimitNames = Names("x-ratelimit-limit-");
    static readonly string[] RemainingNames = Names("x-ratelimit-remaining-");
    static readonly string[] ResetNames = Names("x-ratelimit-reset-");

    public static void Write(IHeaderDictionary headers, RateLimitKind kind, RateLimitDecision decision)
    {
        headers[LimitNames[(int)kind]] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        // Failing open, nothing is known about what is left.
        if (decision.Outcome is RateLimitOutcome.Unchecked or RateLimitOutcome.Unavailable) return;
        headers[RemainingNames[(int)kind]] = Math.Max(0, decision.Remaining).ToString(CultureInfo.InvariantCulture);
        headers[ResetNames[(int)kind]] = FormatDuration(decision.ResetAfter);
    }

    /// <summary>Go's time.Duration notation, which OpenAI uses: <c>0s</c>, <c>250ms</c>, <c>1.5s</c>, <c>6m0s</c>, <c>1h2m3s</c>.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) return "0s";
        var totalMs = (long)Math.Ceiling(value.TotalMilliseconds);
        Span<char> text = stackalloc char[48];
        var length = 0;
        void Append(scoped Span<char> into, long number, char unit)
        {
            number.TryFormat(into[length..], out var written, default, CultureInfo.InvariantCulture);
            length += written;
            if (unit != '\0') into[length++] = unit;
        }
        if (totalMs < 1000)
        {
            Append(text, Math.Max(1, totalMs), 'm');
            text[length++] = 's';
            return new string(text[..length]);
        }
        var hours = totalMs / 3_600_000;
        var minutes = totalMs / 60_000 % 60;
        var ms = totalMs % 60_000;
        if (hours > 0) Append(text, hours, 'h');
        if (hours > 0 || minutes > 0) Append(text, minutes, 'm');
        Append(text, ms / 1000, '\0');
        var fraction = (int)(ms % 1000);
        if (fraction > 0)
        {
            // Up to three decimals, without trailing zeros (1.5s, 1.25s, 1.125s).
            text[length++] = '.';
            fraction.TryFormat(text[length..], out var written, "000", CultureInfo.InvariantCulture);
            length += written;
            while (text[length - 1] == '0') length--;
        }
        text[length++] = 's';
        return new string(text[..length]);
    }

    static string[] Names(string prefix) => Enum.GetValues<RateLimitKind>().Select(kind => prefix + kind.Word()).ToArray();
}
