using System.Globalization;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Unix seconds of Ollama's RFC 3339 timestamps. Go writes up to nine fractional digits, more than
/// DateTimeOffset parses, and only whole seconds are needed, so the fraction is skipped.
/// </summary>
internal static class OllamaTimestamp
{
    public static long ToUnixSecondsOrNow(string? value) =>
        TryGetUnixSeconds(value, out var seconds) ? seconds : DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static bool TryGetUnixSeconds(string? value, out long seconds)
    {
        seconds = 0;
        if (value is null || value.Length < 20)
            return false;
        if (!DateTime.TryParseExact(value.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var local))
            return false;

        var i = 19;
        if (value[i] == '.')
            for (i++; i < value.Length && char.IsAsciiDigit(value[i]); i++) { }
        if (i >= value.Length)
            return false;

        long offsetSeconds;
        if (value[i] is 'Z' or 'z' && i == value.Length - 1)
            offsetSeconds = 0;
        else if (value[i] is '+' or '-' && value.Length - i == 6 && value[i + 3] == ':'
                 && int.TryParse(value.AsSpan(i + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                 && int.TryParse(value.AsSpan(i + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            offsetSeconds = (value[i] == '-' ? -1 : 1) * (hours * 3600L + minutes * 60L);
        else
            return false;

        seconds = new DateTimeOffset(local, TimeSpan.Zero).ToUnixTimeSeconds() - offsetSeconds;
        return true;
    }
}
