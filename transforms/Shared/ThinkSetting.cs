using System.Text.Json;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Transforms.Shared;

/// <summary>The native <c>think</c> value (a flag or a level), adjusted to what the worker's release accepts.</summary>
internal readonly record struct ThinkSetting(bool Enabled, string? Level)
{
    /// <summary>
    /// The request's thinking switch: the native extension <c>think</c> when set, else <c>reasoning_effort</c>, else
    /// <c>reasoning.effort</c>; null when none is set (the model's default).
    /// </summary>
    public static ThinkSetting? FromRequest(JsonElement? think, string? reasoningEffort, JsonElement? reasoning)
    {
        if (think is { ValueKind: not JsonValueKind.Null } native)
            return FromNative(native);
        if (reasoningEffort is { } effort)
            return FromReasoningEffort(effort, "reasoning_effort");
        if (reasoning is { ValueKind: JsonValueKind.Object } nested
            && nested.TryGetProperty("effort"u8, out var value) && value.ValueKind == JsonValueKind.String)
            return FromReasoningEffort(value.GetString()!, "reasoning.effort");
        return null;
    }

    /// <summary>OpenAI <c>reasoning_effort</c> → native think (mapping doc §2).</summary>
    public static ThinkSetting FromReasoningEffort(string effort, string param) => effort switch
    {
        "none" => new(false, null),
        "minimal" => new(true, "low"),
        "low" or "medium" or "high" => new(true, effort),
        "xhigh" or "ultra" or "max" => new(true, "max"),
        _ => throw RequestValidationException.Invalid(
            $"Invalid value for '{param}': '{effort}'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh' and 'max'.", param),
    };

    /// <summary>The Ollama extension field <c>think</c>: true, false, or "low"/"medium"/"high"/"max".</summary>
    public static ThinkSetting FromNative(JsonElement think) => think.ValueKind switch
    {
        JsonValueKind.True => new(true, null),
        JsonValueKind.False => new(false, null),
        JsonValueKind.String when think.GetString() is "low" or "medium" or "high" or "max" => new(true, think.GetString()),
        _ => throw RequestValidationException.Invalid(
            "Invalid value for 'think': expected true, false, \"low\", \"medium\", \"high\" or \"max\".", "think"),
    };

    public void WriteTo(Utf8JsonWriter writer, OllamaWorkerFeatures features)
    {
        if (!features.SupportsThink)
            return; // Such workers ignore the field anyway; not sending it keeps their requests minimal.
        if (Level is null || !Enabled)
            writer.WriteBoolean("think"u8, Enabled);
        else if (!features.SupportsThinkLevels)
            writer.WriteBoolean("think"u8, true);
        else if (Level == "max" && !features.SupportsThinkMax)
            writer.WriteString("think"u8, "high");
        else
            writer.WriteString("think"u8, Level);
    }
}
