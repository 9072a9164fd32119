using System.Globalization;

namespace ModelGateway.Routing;

/// <summary>One parsed rule of a virtual model: null conditions are not tested.</summary>
public sealed record VirtualModelRule(string Model, bool? HasImages = null, bool? HasTools = null, long? MinPromptTokens = null, long? MaxPromptTokens = null)
{
    public bool Matches(in RequestTraits traits)
        => (HasImages is not { } images || images == traits.HasImages)
           && (HasTools is not { } tools || tools == traits.HasTools)
           && (MinPromptTokens is not { } min || traits.PromptTokens >= min)
           && (MaxPromptTokens is not { } max || traits.PromptTokens <= max);

    /// <summary>The rule a <c>Routes</c> element describes, or null (with the reason) when a value does not parse.</summary>
    public static VirtualModelRule? TryCreate(IConfigurationSection rule, out string? problem)
    {
        problem = null;
        var when = rule.GetSection(nameof(VirtualRouteEntry.When));
        var images = Flag(when, nameof(VirtualRouteCondition.HasImages), ref problem);
        var tools = Flag(when, nameof(VirtualRouteCondition.HasTools), ref problem);
        var min = Tokens(when, nameof(VirtualRouteCondition.MinPromptTokens), ref problem);
        var max = Tokens(when, nameof(VirtualRouteCondition.MaxPromptTokens), ref problem);
        if (problem is null && min > max)
            problem = $"{when.Path}:MinPromptTokens {min} is above MaxPromptTokens {max}, so the rule never matches";
        return problem is null ? new VirtualModelRule(rule[nameof(VirtualRouteEntry.Model)] ?? "", images, tools, min, max) : null;
    }

    /// <summary>True when the rule has no <c>When</c> (or an empty one): it matches every request.</summary>
    public static bool IsCatchAll(IConfigurationSection rule) => !rule.GetSection(nameof(VirtualRouteEntry.When)).GetChildren().Any();

    static bool? Flag(IConfigurationSection when, string key, ref string? problem)
    {
        var text = when[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (bool.TryParse(text, out var value)) return value;
        problem ??= $"{when.Path}:{key} '{text}' must be true or false";
        return null;
    }

    static long? Tokens(IConfigurationSection when, string key, ref string? problem)
    {
        var text = when[key];
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        problem ??= $"{when.Path}:{key} '{text}' must be a whole number of tokens, 0 or more";
        return null;
    }
}
