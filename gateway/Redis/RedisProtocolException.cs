namespace ModelGateway.Redis;

/// <summary>The byte stream from the server is not valid RESP2; the connection is dropped and rebuilt.</summary>
internal sealed class RedisProtocolException(string message) : Exception(message);
