namespace ModelGateway.Routing;

/// <summary>
/// The <c>Models</c> entries of a configuration being checked, each configured name and alias (normalised) → its entry,
/// and whether discovery serves other names: what the validators of names that point at models (fallbacks, a virtual
/// model's rules) look them up in.
/// </summary>
internal sealed class ConfiguredModelIndex
{
    readonly Dictionary<string, IConfigurationSection> _owners = new(StringComparer.Ordinal);

    ConfiguredModelIndex(IConfiguration config)
    {
        Entries = config.GetSection(ModelEntry.SectionName).GetChildren().ToList();
        foreach (var entry in Entries)
            foreach (var name in NamesOf(entry))
                _owners.TryAdd(ModelName.Normalize(name), entry);
        Discovers = !bool.TryParse(config[$"{ModelRoutingOptions.SectionName}:{nameof(ModelRoutingOptions.DiscoverFromWorkers)}"], out var on) || on;
    }

    public static ConfiguredModelIndex Of(IConfiguration config) => new(config);

    public IReadOnlyList<IConfigurationSection> Entries { get; }

    /// <summary><c>ModelRouting:DiscoverFromWorkers</c> (on unless set false): names no entry configures may still be served.</summary>
    public bool Discovers { get; }

    /// <summary>The entry whose name or alias <paramref name="name"/> is (a valid model name), else null.</summary>
    public IConfigurationSection? OwnerOf(string name) => _owners.GetValueOrDefault(ModelName.Normalize(name));

    /// <summary>The error for a name at <paramref name="key"/> that no entry configures while discovery is off.</summary>
    public static string NotServed(string key, string name)
        => $"{key} '{name}' is no name or alias in Models, and with ModelRouting:DiscoverFromWorkers false no other model is served";

    /// <summary>The entry's valid name and aliases.</summary>
    public static IEnumerable<string> NamesOf(IConfigurationSection entry)
    {
        if (ModelName.IsValid(entry[nameof(ModelEntry.Name)])) yield return entry[nameof(ModelEntry.Name)]!;
        foreach (var alias in entry.GetSection(nameof(ModelEntry.Aliases)).GetChildren())
            if (ModelName.IsValid(alias.Value)) yield return alias.Value!;
    }
}
