using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace ModelGateway.Inventory;

internal sealed class WorkerInventoryStore : IWorkerInventoryStore
{
    readonly ConcurrentDictionary<(string, string), WorkerInventory> _byWorker = new();

    public IReadOnlyCollection<WorkerInventory> All => (IReadOnlyCollection<WorkerInventory>)_byWorker.Values;

    public WorkerInventory? Get(string clusterId, string destinationId)
        => _byWorker.TryGetValue((clusterId, destinationId), out var inventory) ? inventory : null;

    public event Action<WorkerInventory>? Stored;

    public void Set(WorkerInventory inventory)
    {
        _byWorker.AddOrUpdate((inventory.ClusterId, inventory.DestinationId), inventory,
            (_, current) => inventory.PollSequence >= current.PollSequence ? inventory : current);
        Stored?.Invoke(inventory);
    }

    public void Remove(string clusterId, string destinationId) => _byWorker.TryRemove((clusterId, destinationId), out _);

    public void MarkLoaded(string clusterId, string destinationId, string normalizedModel)
    {
        if (_byWorker.TryGetValue((clusterId, destinationId), out var current) && !current.Loaded.Contains(normalizedModel))
            _byWorker.TryUpdate((clusterId, destinationId), current with { Loaded = current.Loaded.Append(normalizedModel).ToFrozenSet() }, current);
    }

    public void MarkMissing(string clusterId, string destinationId, string normalizedModel)
    {
        if (_byWorker.TryGetValue((clusterId, destinationId), out var current) && current.Installed.ContainsKey(normalizedModel))
        {
            var installed = current.Installed.Where(kv => kv.Key != normalizedModel).ToFrozenDictionary();
            var loaded = current.Loaded.Where(m => m != normalizedModel).ToFrozenSet();
            _byWorker.TryUpdate((clusterId, destinationId), current with { Installed = installed, Loaded = loaded }, current);
        }
    }

    public (string WorkerModel, string ClusterId)? FindClusterServing(string normalizedModel)
    {
        (string, string)? best = null;
        foreach (var inventory in _byWorker.Values)
        {
            if (inventory.Installed.TryGetValue(normalizedModel, out var spelled)
                && (best is null || string.CompareOrdinal(inventory.ClusterId, best.Value.Item2) < 0))
                best = (spelled, inventory.ClusterId);
        }
        return best;
    }

    public string? LowestVersion(string clusterId)
    {
        string? lowest = null;
        Version? lowestParsed = null;
        foreach (var inventory in _byWorker.Values)
        {
            if (inventory.ClusterId != clusterId || inventory.Version is not { } text) continue;
            var parsed = OllamaVersion.Parse(text);
            if (lowestParsed is null || parsed < lowestParsed)
            {
                lowest = text;
                lowestParsed = parsed;
            }
        }
        return lowest;
    }

    public IEnumerable<(string Normalized, string WorkerModel, string ClusterId)> InstalledModels()
    {
        var seen = new HashSet<(string, string)>();
        foreach (var inventory in _byWorker.Values.OrderBy(i => i.ClusterId, StringComparer.Ordinal))
            foreach (var (normalized, spelled) in inventory.Installed)
                if (seen.Add((normalized, inventory.ClusterId)))
                    yield return (normalized, spelled, inventory.ClusterId);
    }
}
