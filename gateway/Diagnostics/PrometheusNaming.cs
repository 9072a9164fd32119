using System.Globalization;
using System.Text;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Turns OpenTelemetry-style instrument names, units and tags into Prometheus names and label values:
/// <c>http.server.request.duration</c> in <c>s</c> becomes <c>http_server_request_duration_seconds</c>,
/// a counter gets <c>_total</c>, annotations such as <c>{request}</c> add nothing.
/// </summary>
internal static class PrometheusNaming
{
    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        if (type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal)) name = name[..^"_total".Length];
        if (UnitSuffix(unit, type) is { } suffix && !name.EndsWith("_" + suffix, StringComparison.Ordinal)) name += "_" + suffix;
        return type == MetricType.Counter ? name + "_total" : name;
    }

    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>The base-unit word Prometheus expects, or null for dimensionless and annotation-only units.</summary>
    public static string? UnitSuffix(string? unit, MetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit)) return null;
        // "{request}" is an annotation, "By/{request}" keeps only the real unit.
        var stripped = StripAnnotations(unit);
        if (stripped.Length == 0) return null;
        if (stripped == "1") return type == MetricType.Gauge ? "ratio" : null;
        var slash = stripped.IndexOf('/');
        if (slash > 0)
        {
            var per = stripped[(slash + 1)..] switch { "s" => "second", "m" => "minute", "h" => "hour", var other => UnitWord(other) };
            return $"{UnitWord(stripped[..slash])}_per_{per}";
        }
        return UnitWord(stripped);
    }

    static string UnitWord(string unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "min" => "minutes",
        "h" => "hours",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "%" => "percent",
        _ => Sanitize(unit, allowColon: false).Trim('_').ToLowerInvariant(),
    };

    static string StripAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{') depth++;
            else if (c == '}') depth = Math.Max(0, depth - 1);
            else if (depth == 0) builder.Append(c);
        }
        return builder.ToString().Trim();
    }

    /// <summary>Replaces every character Prometheus does not allow with '_' (runs collapsed) and keeps the name from starting with a digit.</summary>
    static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            var valid = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_') continue;
            builder.Append(next);
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>A tag value as text: invariant culture for numbers, lower-case booleans.</summary>
    public static string FormatLabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static void AppendEscapedLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append(@"\n"); break;
                default: builder.Append(c); break;
            }
        }
    }

    public static string EscapeHelp(string help)
        => help.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    public static string FormatValue(double value)
    {
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (double.IsNaN(value)) return "NaN";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
