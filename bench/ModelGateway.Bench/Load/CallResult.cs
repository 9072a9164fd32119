namespace ModelGateway.Bench.Load;

/// <summary>
/// One request as the client saw it. <see cref="FirstByteMs"/> is the time to the first body bytes — for a stream,
/// the first token (every format sends a token in its first line). <see cref="MaxGapMs"/> is the longest silence
/// between two reads after that. <see cref="PathFirstTokenMs"/> is the time to first token less the simulator's own
/// wait between the request's arrival and that token (read from its first-token stamp; -1 without one): the time
/// the path there and back took, free of the simulator's timer jitter: <see cref="RequestLegMs"/> (from sending the
/// request to the simulator starting on it) plus <see cref="ResponseLegMs"/> (from the simulator writing the first
/// token to this client reading it).
/// </summary>
public readonly record struct CallResult(bool Ok, double LatencyMs, double FirstByteMs, double MaxGapMs, bool CacheHit, string? Error,
    double PathFirstTokenMs, double RequestLegMs, double ResponseLegMs);
