namespace ModelGateway.Validation.Transport;

/// <summary>The structural bounds a body is scanned against before any parser sees it.</summary>
internal readonly record struct JsonStructureLimits(int MaxDepth, int MaxArrayItems);
