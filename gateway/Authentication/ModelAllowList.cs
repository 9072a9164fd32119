using ModelGateway.Routing;

namespace ModelGateway.Authentication;

/// <summary>
/// The models a caller may use. A request is allowed when a pattern matches the name the client sent or the
/// worker-side model it resolves to, so granting an alias grants it, and granting a model grants its aliases.
/// </summary>
public sealed class ModelAllowList
{
    readonly ModelPattern[]? _patterns;

    ModelAllowList(ModelPattern[]? patterns) => _patterns = patterns;

    public static ModelAllowList Everything { get; } = new(null);

    /// <summary>Builds the list, silently dropping patterns the configuration validator has already reported.</summary>
    public static ModelAllowList From(IEnumerable<string> patterns)
    {
        var parsed = new List<ModelPattern>();
        foreach (var text in patterns)
            if (ModelPattern.TryParse(text, out var pattern, out _)) parsed.Add(pattern);
        return new ModelAllowList(parsed.ToArray());
    }

    public bool Allows(ModelRoute route)
        => Allows(ModelName.Normalize(route.RequestedName)) || Allows(ModelName.Normalize(route.WorkerModel));

    public bool Allows(string normalizedName)
    {
        if (_patterns is null) return true;
        foreach (var pattern in _patterns)
            if (pattern.Matches(normalizedName)) return true;
        return false;
    }
}
