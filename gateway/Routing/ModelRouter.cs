using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ModelGateway.Inventory;

namespace ModelGateway.Routing;

/// <summary>
/// Configured entries (and their aliases) first; then, when discovery is on, any model a healthy worker reports
/// installed. The configured table is rebuilt whenever the configuration reloads.
/// </summary>
internal sealed class ModelRouter : IModelRouter, IDisposable
{
    readonly IConfiguration _config;
    readonly IWorkerInventoryStore _inventory;
    readonly IOptionsMonitor<ModelRoutingOptions> _options;
    readonly IDisposable _subscription;
    volatile Snapshot _snapshot;

    public ModelRouter(IConfiguration config, IWorkerInventoryStore inventory, IOptionsMonitor<ModelRoutingOptions> options)
    {
        _config = config;
        _inventory = inventory;
        _options = options;
        _snapshot = Build(config);
        _subscription = ChangeToken.OnChange(config.GetReloadToken, () => _snapshot = Build(_config));
    }

    public ModelRoute? Resolve(string requestedName)
    {
        var key = ModelName.Normalize(requestedName);
        if (_snapshot.ByName.TryGetValue(key, out var entry))
            return new ModelRoute(requestedName, entry.Served.WorkerModel, entry.Served.ClusterId, IsConfigured: true) { Fallbacks = entry.Fallbacks, Virtual = entry.Virtual };

        if (_options.CurrentValue.DiscoverFromWorkers && _inventory.FindClusterServing(key) is { } found)
            return new ModelRoute(requestedName, found.WorkerModel, found.ClusterId, IsConfigured: false);
        return null;
    }

    public IReadOnlyList<ServedModel> ListServedModels()
    {
        var list = new List<ServedModel>(_snapshot.Ordered);
        if (_options.CurrentValue.DiscoverFromWorkers)
        {
            foreach (var (normalized, workerModel, clusterId) in _inventory.InstalledModels())
                if (!_snapshot.ByName.ContainsKey(normalized))
                    list.Add(new ServedModel(workerModel, workerModel, clusterId, IsAlias: false));
        }
        return list;
    }

    static Snapshot Build(IConfiguration config)
    {
        var byName = new Dictionary<string, Configured>(StringComparer.Ordinal);
        var ordered = new List<ServedModel>();
        foreach (var section in config.GetSection(ModelEntry.SectionName).GetChildren())
        {
            var entry = section.Get<ModelEntry>() ?? new();
            // A virtual model has no cluster: its name resolves to its rules, and each request to the model they choose.
            var chooser = VirtualModel.From(section);
            if (!ModelName.IsValid(entry.Name) || (string.IsNullOrEmpty(entry.Cluster) && chooser is null)) continue;
            // Shared by the name and its aliases; the same empty array for every model without fallbacks.
            var fallbacks = chooser is null && entry.Fallbacks.Where(ModelName.IsValid).ToArray() is { Length: > 0 } listed ? listed : Array.Empty<string>();
            var cluster = chooser is null ? entry.Cluster : "";
            Add(new ServedModel(entry.Name, entry.Name, cluster, IsAlias: false), fallbacks, chooser);
            foreach (var alias in entry.Aliases.Where(ModelName.IsValid))
                Add(new ServedModel(alias, entry.Name, cluster, IsAlias: true), fallbacks, chooser);
        }
        return new Snapshot(byName.ToFrozenDictionary(StringComparer.Ordinal), ordered);

        void Add(ServedModel model, string[] fallbacks, VirtualModel? chooser)
        {
            if (byName.TryAdd(ModelName.Normalize(model.Name), new Configured(model, fallbacks, chooser))) ordered.Add(model);
        }
    }

    public void Dispose() => _subscription.Dispose();

    sealed record Snapshot(FrozenDictionary<string, Configured> ByName, IReadOnlyList<ServedModel> Ordered);

    /// <summary>A configured name or alias, the fallbacks of its entry, and its rules when it is a virtual model.</summary>
    sealed record Configured(ServedModel Served, string[] Fallbacks, VirtualModel? Virtual);
}
