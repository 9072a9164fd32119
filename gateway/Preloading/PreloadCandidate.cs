using ModelGateway.Inventory;

namespace ModelGateway.Preloading;

/// <summary>One worker of a kept model's cluster, as the choice of where to keep the model sees it.</summary>
/// <param name="Eligible">Healthy, polled, and reporting the model installed: a worker the model can be loaded on.</param>
/// <param name="ExpiresAt">When the worker would unload it; null when loaded with no known end (or not loaded).</param>
/// <param name="RetryAfter">No load before this: the wait after a failed one.</param>
/// <param name="RefreshAfter">No refresh before this: one was just sent and the worker still reports the old expiry.</param>
/// <param name="Utilization">Requests in flight ÷ Capacity (1 when not configured), as the load balancer counts them.</param>
internal readonly record struct PreloadCandidate(
    string DestinationId,
    bool Eligible,
    bool Loaded,
    DateTimeOffset? ExpiresAt,
    bool LoadInFlight,
    DateTimeOffset RetryAfter,
    DateTimeOffset RefreshAfter,
    double Utilization)
{
    /// <summary>
    /// Reads a worker's inventory, corrected by the gateway's own last load: a poll that began before that load
    /// finished still shows the model as it was, so the load's outcome (loaded, until then + KeepAlive) wins over it.
    /// A worker serving a request for the model keeps reporting the expiry it had before that request until the request
    /// ends (Ollama restarts the keep-alive clock then), so after a refresh the same expiry is no reason for another
    /// until the refresh margin has passed; an expiry that changed (a client's request moved it) is.
    /// </summary>
    public static PreloadCandidate Of(string destinationId, bool healthy, WorkerInventory? inventory, LoadRecord? record, KeptModel kept, double utilization)
    {
        var eligible = healthy && inventory is not null && inventory.HasInstalled(kept.Normalized);
        var loaded = inventory?.HasLoaded(kept.Normalized) ?? false;
        DateTimeOffset? expiresAt = loaded && inventory!.Expiries.TryGetValue(kept.Normalized, out var at) ? at : null;
        if (record?.LoadedAt is { } loadedAt && inventory is not null && loadedAt > inventory.RefreshedAt)
        {
            loaded = true;
            expiresAt = kept.KeepAlive == KeepAliveValue.Forever ? null : loadedAt + kept.KeepAlive;
        }
        // Within a second: an expiry moved onto the gateway's clock (a worker whose clock is off) wobbles by the Date header's resolution.
        var holdOff = record?.ReplacedExpiry is { } replaced && expiresAt is { } current && (current - replaced).Duration() <= TimeSpan.FromSeconds(1)
            ? record.RefreshAfter : DateTimeOffset.MinValue;
        return new PreloadCandidate(destinationId, eligible, loaded, expiresAt, record?.InFlight ?? false,
            record?.RetryAfter ?? DateTimeOffset.MinValue, holdOff, utilization);
    }
}
