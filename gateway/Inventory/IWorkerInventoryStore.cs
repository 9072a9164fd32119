namespace ModelGateway.Inventory;

/// <summary>The latest inventory of every worker, kept fresh in the background and read on every pick.</summary>
public interface IWorkerInventoryStore
{
    WorkerInventory? Get(string clusterId, string destinationId);

    /// <summary>Stores a worker's inventory, unless the one stored came from a poll that began later.</summary>
    void Set(WorkerInventory inventory);

    /// <summary>
    /// Raised after each <see cref="Set"/> (a worker was polled), for what reacts to a worker's models: keep handlers
    /// short, they run on the poller.
    /// </summary>
    event Action<WorkerInventory>? Stored;

    /// <summary>Forget a worker (removed from the configuration or unreachable).</summary>
    void Remove(string clusterId, string destinationId);

    /// <summary>A worker just served the model, so it is loaded there now (no need to wait for the next poll).</summary>
    void MarkLoaded(string clusterId, string destinationId, string normalizedModel);

    /// <summary>A worker answered "model not found": it does not have it, whatever the last poll said.</summary>
    void MarkMissing(string clusterId, string destinationId, string normalizedModel);

    /// <summary>The first cluster (by id) with a worker reporting the model installed.</summary>
    (string WorkerModel, string ClusterId)? FindClusterServing(string normalizedModel);

    /// <summary>Every installed model across the fleet, once per (model, cluster).</summary>
    IEnumerable<(string Normalized, string WorkerModel, string ClusterId)> InstalledModels();

    IReadOnlyCollection<WorkerInventory> All { get; }

    /// <summary>
    /// The oldest Ollama version among the cluster's polled workers (null when none is known). A translated request
    /// is written once, before a worker is picked, so it must suit the oldest worker it may land on.
    /// </summary>
    string? LowestVersion(string clusterId);
}
