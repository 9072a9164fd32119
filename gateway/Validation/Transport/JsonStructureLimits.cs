namespace ModelGateway.Validation.Transport;

/// <summary>The structural bounds a body is scanned against before any parser sees it.</summary>
/// <param name="UniqueTopLevelNames">
/// Refuse a top-level field named twice, names compared as Ollama's Go decoder compares them (<see cref="Forwarding.GoJsonName"/>):
/// Go merges or overrides repeated fields in ways the gateway's own readers would not, so a native body must mean one thing.
/// </param>
internal readonly record struct JsonStructureLimits(int MaxDepth, int MaxArrayItems, bool UniqueTopLevelNames = false);
