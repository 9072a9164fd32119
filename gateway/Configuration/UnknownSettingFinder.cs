using System.Collections;
using System.Reflection;

namespace ModelGateway.Configuration;

/// <summary>
/// Keys in the gateway's own sections that no setting reads, such as a misspelt <c>Dispatch:MaxAttempt</c>: the
/// configuration binder skips them silently, so the edit seems to do nothing. A section is the gateway's when an
/// options type declares it as its <c>SectionName</c>; several types may share one (<c>Gateway</c>). The entries of a
/// list of settings objects (each <c>Authentication:ApiKeys</c> entry) are checked too, since a misspelt
/// <c>RequestPerMinute</c> or <c>ExpireAt</c> there silently lifts a budget or an expiry, and so are the entries of a
/// section that is itself such a list (<c>Models</c>, whose misspelt <c>Fallback</c> or <c>KeepLoad</c> would do nothing);
/// inside dictionaries and lists of plain values nothing is reported (their keys are data, not setting names).
/// </summary>
internal sealed class UnknownSettingFinder
{
    readonly IReadOnlyDictionary<string, Type[]> _sections;

    public UnknownSettingFinder(IEnumerable<Type> optionsTypes)
    {
        _sections = optionsTypes
            .Select(type => (Type: type, Section: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(o => o.Section is not null)
            .GroupBy(o => o.Section!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(o => o.Type).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The gateway's sections: its options types, and the <c>Models</c> array.</summary>
    public static UnknownSettingFinder For(FleetConfigurationCheck check)
        => new(check.Options.Select(o => o.Type).Append(typeof(Routing.ModelEntry)));

    /// <summary>The sections checked, for tests and logs.</summary>
    public IEnumerable<string> Sections => _sections.Keys;

    /// <summary>Each key no setting reads, with the name of the closest setting when one is near enough to be a typo.</summary>
    public IReadOnlyList<UnknownSetting> Find(IConfiguration config)
    {
        var found = new List<UnknownSetting>();
        foreach (var (name, types) in _sections)
        {
            var section = config.GetSection(name);
            // A section whose keys are indexes is an array of entries, each of these types.
            var children = section.GetChildren().ToList();
            if (children.Count > 0 && children.All(c => int.TryParse(c.Key, out _)))
                foreach (var entry in children) Walk(entry, types, found);
            else Walk(section, types, found);
        }
        return found;
    }

    static void Walk(IConfigurationSection section, Type[] types, List<UnknownSetting> found)
    {
        foreach (var child in section.GetChildren())
        {
            var properties = types.Select(t => t.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))
                .OfType<PropertyInfo>().ToArray();
            if (properties.Length == 0)
            {
                found.Add(new UnknownSetting(child.Path, Closest(child.Key, types)));
                continue;
            }
            var nested = properties.Select(p => p.PropertyType).Where(IsSettingsObject).ToArray();
            if (nested.Length > 0) Walk(child, nested, found);
            var entries = properties.Select(p => ListElement(p.PropertyType)).OfType<Type>().Where(IsSettingsObject).ToArray();
            if (entries.Length > 0)
                foreach (var entry in child.GetChildren()) Walk(entry, entries, found);
        }
    }

    static bool IsSettingsObject(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>The element type of an array or list (not of a dictionary), else null.</summary>
    static Type? ListElement(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType || typeof(IDictionary).IsAssignableFrom(type)) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
               || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>The setting whose name is within two edits (a typo, a missing or extra letter), if any.</summary>
    static string? Closest(string key, Type[] types)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var property in types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
        {
            var distance = EditDistance(key.ToLowerInvariant(), property.Name.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = property.Name;
                bestDistance = distance;
            }
        }
        return best;
    }

    static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

/// <summary>A configuration key no setting reads (<see cref="Path"/>), and the setting it was probably meant to be.</summary>
internal sealed record UnknownSetting(string Path, string? DidYouMean);
