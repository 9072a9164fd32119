using System.Collections.Frozen;

namespace ModelGateway.Inventory;

/// <summary>What one worker last reported: installed models (/api/tags), loaded models (/api/ps), its version.</summary>
/// <param name="Installed">Normalised name → the worker's own spelling.</param>
/// <param name="Loaded">Normalised names of models resident in memory.</param>
/// <param name="RefreshedAt">When the poll that produced this began: what it reports is at least that recent.</param>
public sealed record WorkerInventory(
    string ClusterId,
    string DestinationId,
    FrozenDictionary<string, string> Installed,
    FrozenSet<string> Loaded,
    string? Version,
    DateTimeOffset RefreshedAt)
{
    /// <summary>
    /// When the poll that produced this began, in poll order: a poll that began earlier but answered later (one racing a
    /// refresh after a pull) must not put back what the worker had before.
    /// </summary>
    public long PollSequence { get; init; }

    /// <summary>
    /// When each loaded model is due to be unloaded (its <c>/api/ps</c> <c>expires_at</c>), on the gateway's clock; a
    /// model the worker gave no time for is absent. Ollama moves it with every request for the model (each request's
    /// <c>keep_alive</c>, else the server's default), so it is as of the poll.
    /// </summary>
    public FrozenDictionary<string, DateTimeOffset> Expiries { get; init; } = FrozenDictionary<string, DateTimeOffset>.Empty;

    public bool HasInstalled(string normalizedModel) => Installed.ContainsKey(normalizedModel);
    public bool HasLoaded(string normalizedModel) => Loaded.Contains(normalizedModel);
}
