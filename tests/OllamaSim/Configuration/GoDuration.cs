using System.Globalization;

namespace OllamaSim.Configuration;

/// <summary>Go's <c>time.ParseDuration</c> (units ns, us, µs, ms, s, m, h) with Go's error texts.</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return true;
        if (s.Length == 0)
        {
            error = $"time: invalid duration {Quote(text)}";
            return false;
        }
        double totalNs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"time: invalid duration {Quote(text)}";
                return false;
            }
            var unitStart = i;
            while (i < s.Length && !(char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration {Quote(text)}";
                return false;
            }
            double? scale = unit switch
            {
                "ns" => 1, "us" or "µs" or "μs" => 1e3, "ms" => 1e6, "s" => 1e9, "m" => 60e9, "h" => 3600e9, _ => null,
            };
            if (scale is null)
            {
                error = $"time: unknown unit {Quote(unit)} in duration {Quote(text)}";
                return false;
            }
            totalNs += number * scale.Value;
        }
        value = TimeSpan.FromTicks((long)(totalNs / 100) * (negative ? -1 : 1));
        return true;
    }

    static string Quote(string s) => Wire.GoQuote.Quote(s);
}
