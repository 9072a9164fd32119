namespace ModelGateway.Redis;

/// <summary>
/// The gateway's single, multiplexed connection to Redis. Safe for any number of concurrent callers; typed commands
/// are extension methods in <see cref="RedisCommands"/>.
/// </summary>
public interface IRedisConnection
{
    /// <summary>"host:port" of the server (no credentials).</summary>
    string Endpoint { get; }

    bool IsConnected { get; }

    RedisConnectionStatus GetStatus();

    /// <summary>
    /// Sends one command and returns its reply. Throws <see cref="RedisServerException"/> for an error reply,
    /// <see cref="RedisTimeoutException"/> after Redis:CommandTimeout, and <see cref="RedisUnavailableException"/>
    /// at once while there is no connection.
    /// </summary>
    /// <param name="command">The command name alone ("GET", "SCRIPT"); subcommands go in <paramref name="args"/>.</param>
    Task<RedisReply> ExecuteAsync(string command, IReadOnlyList<RedisArgument> args, CancellationToken cancellationToken = default);
}
