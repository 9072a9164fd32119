namespace ModelGateway.Configuration;

/// <summary>What happened when the fleet file changed on disk.</summary>
public sealed record FleetReloadOutcome(string Path, FleetReloadResult Result, string? Error, DateTimeOffset At)
{
    public static FleetReloadOutcome Applied(string path) => new(path, FleetReloadResult.Applied, null, DateTimeOffset.UtcNow);
    public static FleetReloadOutcome Unchanged(string path) => new(path, FleetReloadResult.Unchanged, null, DateTimeOffset.UtcNow);
    public static FleetReloadOutcome Rejected(string path, string error) => new(path, FleetReloadResult.Rejected, error, DateTimeOffset.UtcNow);
}

public enum FleetReloadResult { Applied, Unchanged, Rejected }
