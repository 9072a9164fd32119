namespace ModelGateway.Redis;

/// <summary>Thread-safe running totals behind <see cref="RedisConnectionStatus"/>.</summary>
internal sealed class RedisCounters
{
    long _connectionsOpened, _connectFailures, _disconnections, _commandsSucceeded, _commandsFailed, _commandsTimedOut;

    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);
    public long Disconnections => Interlocked.Read(ref _disconnections);
    public long CommandsSucceeded => Interlocked.Read(ref _commandsSucceeded);
    public long CommandsFailed => Interlocked.Read(ref _commandsFailed);
    public long CommandsTimedOut => Interlocked.Read(ref _commandsTimedOut);

    public void ConnectionOpened() => Interlocked.Increment(ref _connectionsOpened);
    public void ConnectFailed() => Interlocked.Increment(ref _connectFailures);
    public void Disconnected() => Interlocked.Increment(ref _disconnections);
    public void CommandSucceeded() => Interlocked.Increment(ref _commandsSucceeded);
    public void CommandFailed() => Interlocked.Increment(ref _commandsFailed);
    public void CommandTimedOut() => Interlocked.Increment(ref _commandsTimedOut);
}
