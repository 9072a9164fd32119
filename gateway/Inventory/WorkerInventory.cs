using System.Collections.Frozen;

namespace ModelGateway.Inventory;

/// <summary>What one worker last reported: installed models (/api/tags), loaded models (/api/ps), its version.</summary>
/// <param name="Installed">Normalised name → the worker's own spelling.</param>
/// <param name="Loaded">Normalised names of models resident in memory.</param>
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

    public bool HasInstalled(string normalizedModel) => Installed.ContainsKey(normalizedModel);
    public bool HasLoaded(string normalizedModel) => Loaded.Contains(normalizedModel);
}
