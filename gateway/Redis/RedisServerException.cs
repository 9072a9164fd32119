namespace ModelGateway.Redis;

/// <summary>The server answered with an error reply (e.g. "WRONGTYPE ...", "NOSCRIPT ...", "ERR ...").</summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string message) : base(message)
    {
        var space = message.IndexOf(' ');
        ErrorCode = space > 0 ? message[..space] : message;
    }

    /// <summary>The first word of the error reply, which Redis uses as its error class ("ERR", "NOSCRIPT", ...).</summary>
    public string ErrorCode { get; }
}
