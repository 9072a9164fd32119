namespace ModelGateway.Redis;

/// <summary>The RESP2 reply kinds.</summary>
public enum RedisReplyType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
}
