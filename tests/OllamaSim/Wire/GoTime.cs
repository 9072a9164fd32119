using System.Globalization;

namespace OllamaSim.Wire;

/// <summary>RFC 3339 timestamps as Go prints them: fractional seconds with trailing zeros trimmed, <c>Z</c> for UTC.</summary>
public static class GoTime
{
    public static string Format(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return time.Offset == TimeSpan.Zero ? text + "Z" : text + time.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
