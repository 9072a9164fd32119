namespace ModelGateway.Redis;

/// <summary>The server did not answer within Redis:CommandTimeout; the connection itself stays in use.</summary>
public sealed class RedisTimeoutException : RedisException
{
    public RedisTimeoutException(string message) : base(message) { }
}
