namespace ModelGateway.Redis;

/// <summary>Base of every failure the Redis client reports; catch this to treat Redis as optional.</summary>
public class RedisException : Exception
{
    public RedisException(string message, Exception? innerException = null) : base(message, innerException) { }
}
