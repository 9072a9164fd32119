using ModelGateway.Configuration;

namespace ModelGateway.Routing;

/// <summary>
/// Checks the virtual models of <c>Models</c> (entries with <c>Routes</c>) for the fleet validator, naming the key at
/// fault: every rule names a real model, the last rule matches every request, and the entry carries nothing that only
/// a real model has (<c>Cluster</c>, <c>Fallbacks</c>, <c>KeepLoaded</c>, <c>KeepAlive</c>: the chosen model's own apply).
/// No other entry may name a virtual model as a fallback.
/// </summary>
public static class VirtualModelConfigValidator
{
    static readonly string[] RealModelOnly = [nameof(ModelEntry.Cluster), nameof(ModelEntry.Fallbacks), nameof(ModelEntry.KeepLoaded), nameof(ModelEntry.KeepAlive)];

    /// <summary>An entry with a <c>Routes</c> key (a list, or a mistaken plain value).</summary>
    public static bool IsVirtual(IConfigurationSection entry)
    {
        var routes = entry.GetSection(nameof(ModelEntry.Routes));
        return !string.IsNullOrEmpty(routes.Value) || routes.GetChildren().Any();
    }

    public static void Validate(IConfiguration config, List<string> errors)
    {
        var models = ConfiguredModelIndex.Of(config);
        foreach (var entry in models.Entries)
        {
            if (!IsVirtual(entry))
            {
                foreach (var fallback in entry.GetSection(nameof(ModelEntry.Fallbacks)).GetChildren())
                    if (ModelName.IsValid(fallback.Value) && models.OwnerOf(fallback.Value!) is { } owner && IsVirtual(owner))
                        errors.Add($"{fallback.Path} '{fallback.Value}' is a virtual model; a fallback must be a real model (name one of its Routes' models)");
                continue;
            }
            foreach (var key in RealModelOnly)
            {
                var value = entry.GetSection(key);
                if (!string.IsNullOrEmpty(value.Value) || value.GetChildren().Any())
                    errors.Add($"{value.Path} is not allowed on a virtual model (an entry with Routes); the {key} of the model each request is sent to applies, set it there");
            }
            ValidateRoutes(entry, models, errors);
        }
    }

    static void ValidateRoutes(IConfigurationSection entry, ConfiguredModelIndex models, List<string> errors)
    {
        var routes = entry.GetSection(nameof(ModelEntry.Routes));
        if (!string.IsNullOrEmpty(routes.Value))
        {
            errors.Add($"{routes.Path} '{routes.Value}' must be a list of rules, e.g. [{{ \"When\": {{ \"HasImages\": true }}, \"Model\": \"llava:13b\" }}, {{ \"Model\": \"{routes.Value}\" }}]");
            return;
        }
        var rules = routes.GetChildren().ToList();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var model = rule[nameof(VirtualRouteEntry.Model)];
            var modelKey = $"{rule.Path}:{nameof(VirtualRouteEntry.Model)}";
            if (string.IsNullOrWhiteSpace(model))
                errors.Add($"{modelKey} is required: the model that answers when the rule matches");
            else if (!ModelName.IsValid(model))
                errors.Add($"{modelKey} '{model}' is not a valid model name");
            else if (models.OwnerOf(model) is { } owner)
            {
                if (IsVirtual(owner)) errors.Add($"{modelKey} '{model}' is a virtual model itself; a rule must name a real model");
            }
            else if (!models.Discovers)
                errors.Add(ConfiguredModelIndex.NotServed(modelKey, model));

            var when = rule.GetSection(nameof(VirtualRouteEntry.When));
            if (!string.IsNullOrEmpty(when.Value))
                errors.Add($"{when.Path} '{when.Value}' must be an object of conditions, e.g. {{ \"HasTools\": true }}");
            else if (VirtualModelRule.TryCreate(rule, out var problem) is null)
                errors.Add(problem!);

            var catchAll = VirtualModelRule.IsCatchAll(rule) && string.IsNullOrEmpty(when.Value);
            if (catchAll && i < rules.Count - 1)
                errors.Add($"{rule.Path} has no When, so it matches every request and the rules after it are never tried; put it last");
            else if (!catchAll && i == rules.Count - 1)
                errors.Add($"{routes.Path} must end with a rule without When (e.g. {{ \"Model\": \"llama3.1:70b\" }}), so that every request for {entry["Name"]} gets a model");
        }
    }
}
