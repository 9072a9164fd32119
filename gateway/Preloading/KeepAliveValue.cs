using System.Globalization;

namespace ModelGateway.Preloading;

/// <summary>
/// A <c>Models:&lt;i&gt;:KeepAlive</c> setting, read as Ollama reads <c>OLLAMA_KEEP_ALIVE</c>: a Go duration
/// (<c>30m</c>, <c>1h30m</c>, <c>90s</c>) or a number of seconds; a negative one keeps the model loaded for as long as
/// the worker runs (<see cref="Forever"/>).
/// </summary>
internal static class KeepAliveValue
{
    public static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    /// <summary>Loads the gateway sends keep their model this long unless the entry says otherwise (see docs/configuration.md).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(30);

    /// <summary>Shorter would have the gateway reloading the model continuously.</summary>
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    static readonly double LongestTicks = TimeSpan.MaxValue.Ticks / 2.0;

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            // The parser also reads "NaN" (which TimeSpan refuses with an exception) and "Infinity": neither is a duration.
            if (!double.IsFinite(seconds) || Math.Abs(seconds) * TimeSpan.TicksPerSecond > LongestTicks) return false;
            value = seconds < 0 ? Forever : TimeSpan.FromSeconds(seconds);
            return true;
        }
        return TryParseGoDuration(text, out value);
    }

    /// <summary>The <c>keep_alive</c> of a load request: seconds, or -1 for forever (a number every Ollama version reads).</summary>
    public static double ToSeconds(TimeSpan keepAlive) => keepAlive == Forever ? -1 : keepAlive.TotalSeconds;

    public static string Describe(TimeSpan keepAlive) => keepAlive == Forever ? "forever" : keepAlive.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Go's <c>time.ParseDuration</c>: an optional sign, then one or more numbers each followed by a unit.</summary>
    static bool TryParseGoDuration(string text, out TimeSpan value)
    {
        value = default;
        var i = 0;
        var negative = text[0] == '-';
        if (text[0] is '-' or '+') i++;
        if (i == text.Length) return false;
        var ticks = 0.0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.') i++;
            double perUnit = text.AsSpan(unitStart, i - unitStart) switch
            {
                "ns" => 0.01,
                "us" or "\u00b5s" or "\u03bcs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (perUnit < 0) return false;
            ticks += number * perUnit;
            if (ticks > LongestTicks) return false;
        }
        value = negative && ticks > 0 ? Forever : TimeSpan.FromTicks((long)ticks);
        return true;
    }
}
