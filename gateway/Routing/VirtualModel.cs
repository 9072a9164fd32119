namespace ModelGateway.Routing;

/// <summary>
/// A <c>Models</c> entry with <c>Routes</c> instead of a <c>Cluster</c>: a name clients use, whose requests go to the
/// model of the first rule that matches them. The fleet validator makes sure the last rule matches everything.
/// </summary>
public sealed class VirtualModel
{
    readonly VirtualModelRule[] _rules;

    VirtualModel(string name, VirtualModelRule[] rules)
    {
        Name = name;
        _rules = rules;
    }

    /// <summary>The configured name.</summary>
    public string Name { get; }

    public IReadOnlyList<VirtualModelRule> Rules => _rules;

    /// <summary>The model of the first rule that matches.</summary>
    public string Choose(in RequestTraits traits)
    {
        foreach (var rule in _rules)
            if (rule.Matches(traits)) return rule.Model;
        // Unreachable with a validated configuration (the last rule has no conditions); the last rule is the safest answer.
        return _rules[^1].Model;
    }

    /// <summary>The virtual model an entry describes, or null when it is an ordinary entry or its rules do not parse.</summary>
    public static VirtualModel? From(IConfigurationSection entry)
    {
        var routes = entry.GetSection(nameof(ModelEntry.Routes)).GetChildren().ToList();
        if (routes.Count == 0) return null;
        var rules = new VirtualModelRule[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            if (VirtualModelRule.TryCreate(routes[i], out _) is not { } rule || !ModelName.IsValid(rule.Model)) return null;
            rules[i] = rule;
        }
        return new VirtualModel(entry[nameof(ModelEntry.Name)] ?? "", rules);
    }
}
