using System.Text.Json;
using OllamaSim.Configuration;

namespace OllamaSim.Requests;

/// <summary>The <c>think</c> field: absent, a boolean, or a level, decoded with the rules of the imitated version (§7).</summary>
public readonly record struct ThinkSetting(bool Present, bool Enabled, string? Level)
{
    public static readonly ThinkSetting Absent = default;

    public static ThinkSetting From(JsonFields fields, ServerVersion version)
    {
        if (!version.HasThink) return Absent;
        var v = fields.Get("think");
        if (v is not { } value) return Absent;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return new(true, true, null);
            case JsonValueKind.False: return new(true, false, null);
            case JsonValueKind.String when version.HasThinkLevels:
                var level = value.GetString()!;
                if (level is "high" or "medium" or "low" || (level == "max" && version.HasThinkMax))
                    return new(true, true, level);
                var allowed = version.HasThinkMax ? "\"high\", \"medium\", \"low\", \"max\"" : "\"high\", \"medium\", \"low\"";
                throw ApiError.BadRequest($"invalid think value: {Wire.GoQuote.Quote(level)} (must be {allowed}, true, or false)");
            default:
                if (!version.HasThinkLevels) throw fields.Mismatch("think", value, "bool");
                throw ApiError.BadRequest("think must be a boolean or string");
        }
    }
}
