namespace ModelGateway.Redis;

/// <summary>
/// The command was not answered because there is no working connection: the server is unreachable, refused the
/// credentials, or the connection dropped while the command was in flight.
/// </summary>
public sealed class RedisUnavailableException : RedisException
{
    public RedisUnavailableException(string message, Exception? innerException = null) : base(message, innerException) { }
}
