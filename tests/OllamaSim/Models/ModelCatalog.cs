namespace OllamaSim.Models;

/// <summary>The installed models; thread-safe, changed by pull/create/copy/delete.</summary>
public sealed class ModelCatalog
{
    readonly object _gate = new();
    readonly Dictionary<string, InstalledModel> _models = new();
    readonly TimeProvider _time;
    readonly int _embeddingDimensions;

    public ModelCatalog(IEnumerable<(ModelName Name, Capability Caps)> models, int embeddingDimensions, TimeProvider time)
    {
        _time = time;
        _embeddingDimensions = embeddingDimensions;
        var now = time.GetLocalNow();
        var i = 0;
        // Earlier entries get newer timestamps so /api/tags (newest first) keeps the configured order.
        foreach (var (name, caps) in models)
            _models[name.Key] = new InstalledModel(name, caps, now.AddMinutes(-++i), embeddingDimensions);
    }

    public int EmbeddingDimensions => _embeddingDimensions;

    public InstalledModel? Find(ModelName name)
    {
        lock (_gate) return _models.GetValueOrDefault(name.Key);
    }

    public InstalledModel? Find(string? text) => ModelName.TryParse(text, out var name) ? Find(name) : null;

    /// <summary>All models, newest first (the order of /api/tags).</summary>
    public IReadOnlyList<InstalledModel> List()
    {
        lock (_gate) return _models.Values.OrderByDescending(m => m.ModifiedAt).ToList();
    }

    public InstalledModel Install(ModelName name, Capability caps)
    {
        var model = new InstalledModel(name, caps, _time.GetLocalNow(), _embeddingDimensions);
        lock (_gate) _models[name.Key] = model;
        return model;
    }

    public InstalledModel Copy(InstalledModel source, ModelName destination)
    {
        var model = source.WithName(destination, _time.GetLocalNow(), _embeddingDimensions);
        lock (_gate) _models[destination.Key] = model;
        return model;
    }

    public bool Remove(ModelName name)
    {
        lock (_gate) return _models.Remove(name.Key);
    }
}
