namespace ModelGateway.Redis;

/// <summary>A snapshot of the connection's state and running totals, for readiness probes and metrics.</summary>
/// <param name="LastError">The most recent connect or disconnect reason; never contains the password.</param>
/// <param name="CommandsFailed">Commands that ended with an error reply, a lost connection or no connection (timeouts not included).</param>
public readonly record struct RedisConnectionStatus(
    string Endpoint,
    bool IsConnected,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long ConnectionsOpened,
    long ConnectFailures,
    long Disconnections,
    long CommandsSucceeded,
    long CommandsFailed,
    long CommandsTimedOut);
