namespace ModelGateway.Bench.Load;

/// <summary>
/// One request as the client saw it. <see cref="FirstByteMs"/> is the time to the first body bytes — for a stream,
/// the first token (every format sends a token in its first line). <see cref="MaxGapMs"/> is the longest silence
/// between two reads after that.
/// </summary>
public readonly record struct CallResult(bool Ok, double LatencyMs, double FirstByteMs, double MaxGapMs, bool CacheHit, string? Error);
