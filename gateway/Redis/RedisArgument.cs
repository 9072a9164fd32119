using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ModelGateway.Redis;

/// <summary>One argument of a command: text (sent as UTF-8), raw bytes, or an integer. Converts implicitly.</summary>
public readonly struct RedisArgument
{
    readonly string? _text;
    readonly ReadOnlyMemory<byte> _bytes;
    readonly long _integer;
    readonly Kind _kind;

    enum Kind : byte { Bytes, Text, Integer }

    public RedisArgument(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
        _kind = Kind.Text;
    }

    public RedisArgument(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
        _kind = Kind.Bytes;
    }

    public RedisArgument(long integer)
    {
        _integer = integer;
        _kind = Kind.Integer;
    }

    public static implicit operator RedisArgument(string text) => new(text);
    public static implicit operator RedisArgument(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)));
    public static implicit operator RedisArgument(ReadOnlyMemory<byte> bytes) => new(bytes);
    public static implicit operator RedisArgument(long integer) => new(integer);
    public static implicit operator RedisArgument(int integer) => new(integer);

    /// <summary>Writes the argument as a RESP bulk string: $length CRLF bytes CRLF.</summary>
    internal void WriteTo(IBufferWriter<byte> writer)
    {
        switch (_kind)
        {
            case Kind.Text:
                RespCommandWriter.WriteLength(writer, (byte)'$', Encoding.UTF8.GetByteCount(_text!));
                Encoding.UTF8.GetBytes(_text!, writer);
                break;
            case Kind.Integer:
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(_integer, digits, out var length);
                RespCommandWriter.WriteLength(writer, (byte)'$', length);
                writer.Write(digits[..length]);
                break;
            default:
                RespCommandWriter.WriteLength(writer, (byte)'$', _bytes.Length);
                writer.Write(_bytes.Span);
                break;
        }
        writer.Write("\r\n"u8);
    }
}
