using System.Globalization;
using System.Text;

namespace ModelGateway.Redis;

/// <summary>One RESP2 reply: a string, an error, an integer, a (possibly null) bulk string or a (possibly null, possibly nested) array.</summary>
public readonly struct RedisReply
{
    static readonly RedisReply[] NoElements = [];

    readonly byte[]? _bytes;
    readonly RedisReply[]? _elements;
    readonly long _integer;

    RedisReply(RedisReplyType type, byte[]? bytes, RedisReply[]? elements, long integer)
    {
        Type = type;
        _bytes = bytes;
        _elements = elements;
        _integer = integer;
    }

    public static RedisReply SimpleString(byte[] text) => new(RedisReplyType.SimpleString, text, null, 0);
    public static RedisReply Error(byte[] text) => new(RedisReplyType.Error, text, null, 0);
    public static RedisReply Integer(long value) => new(RedisReplyType.Integer, null, null, value);
    public static RedisReply Bulk(byte[]? value) => new(RedisReplyType.BulkString, value, null, 0);
    public static RedisReply Array(RedisReply[]? elements) => new(RedisReplyType.Array, null, elements, 0);

    public RedisReplyType Type { get; }

    /// <summary>A null bulk string ($-1) or a null array (*-1): RESP2's "no value".</summary>
    public bool IsNull => Type switch
    {
        RedisReplyType.BulkString => _bytes is null,
        RedisReplyType.Array => _elements is null,
        _ => false,
    };

    public bool IsError => Type == RedisReplyType.Error;

    /// <summary>The raw bytes of a simple string, error or bulk string (empty for null).</summary>
    public ReadOnlyMemory<byte> Memory => _bytes ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The same array the parser filled; no copy, since every reply owns its buffers.</summary>
    internal byte[]? RawBytes => _bytes;

    public byte[]? ToArray() => _bytes?.ToArray();

    /// <summary>Text of a string reply as UTF-8, the decimal form of an integer, or null for a null reply.</summary>
    public string? AsString() => Type switch
    {
        RedisReplyType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisReplyType.Array => throw new InvalidCastException("A Redis array reply has no string value."),
        _ => _bytes is null ? null : Encoding.UTF8.GetString(_bytes),
    };

    /// <summary>An integer reply, or a string reply holding a decimal integer (as EVAL and GET return counters).</summary>
    public long AsInt64()
    {
        if (Type == RedisReplyType.Integer) return _integer;
        if (Type is RedisReplyType.BulkString or RedisReplyType.SimpleString && _bytes is not null &&
            long.TryParse(_bytes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        throw new InvalidCastException($"The Redis reply ({this}) is not an integer.");
    }

    /// <summary>The elements of an array reply (empty for a null array).</summary>
    public IReadOnlyList<RedisReply> Elements => Type == RedisReplyType.Array
        ? _elements ?? NoElements
        : throw new InvalidCastException($"The Redis reply ({this}) is not an array.");

    public override string ToString() => Type switch
    {
        RedisReplyType.Integer => $"integer {_integer}",
        RedisReplyType.Array => _elements is null ? "null array" : $"array of {_elements.Length}",
        RedisReplyType.BulkString when _bytes is null => "null bulk string",
        RedisReplyType.BulkString => $"bulk string of {_bytes.Length} bytes",
        RedisReplyType.Error => $"error \"{AsString()}\"",
        _ => $"\"{AsString()}\"",
    };
}
