using System.Buffers;
using System.Buffers.Text;

namespace ModelGateway.Redis;

/// <summary>
/// Parses RESP2 replies from a pipe buffer. Returns false (consuming nothing) while a reply is incomplete and
/// throws <see cref="RedisProtocolException"/> when the bytes cannot be RESP2, which ends the connection.
/// </summary>
internal static class RespParser
{
    const int MaxDepth = 64;
    const int MaxLineLength = 1024 * 1024;
    const int MaxBulkLength = 512 * 1024 * 1024; // Redis's own proto-max-bulk-len default

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out RedisReply reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryRead(ref reader, 0, out reply)) return false;
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    static bool TryRead(ref SequenceReader<byte> reader, int depth, out RedisReply reply)
    {
        reply = default;
        if (!reader.TryRead(out var prefix)) return false;
        switch (prefix)
        {
            case (byte)'+':
                if (!TryReadLine(ref reader, out var simple)) return false;
                reply = RedisReply.SimpleString(simple.ToArray());
                return true;
            case (byte)'-':
                if (!TryReadLine(ref reader, out var error)) return false;
                reply = RedisReply.Error(error.ToArray());
                return true;
            case (byte)':':
                if (!TryReadInteger(ref reader, out var integer)) return false;
                reply = RedisReply.Integer(integer);
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, out reply);
            case (byte)'*':
                return TryReadArray(ref reader, depth, out reply);
            default:
                throw new RedisProtocolException($"Unexpected RESP type byte 0x{prefix:X2}.");
        }
    }

    static bool TryReadBulk(ref SequenceReader<byte> reader, out RedisReply reply)
    {
        reply = default;
        if (!TryReadInteger(ref reader, out var length)) return false;
        if (length == -1)
        {
            reply = RedisReply.Bulk(null);
            return true;
        }
        if (length is < 0 or > MaxBulkLength)
            throw new RedisProtocolException($"Invalid bulk string length {length}.");
        // Check before allocating: a large value arrives over many reads and is only copied once it is complete.
        if (reader.Remaining < length + 2) return false;
        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
            throw new RedisProtocolException("Bulk string not terminated by CRLF.");
        reply = RedisReply.Bulk(bytes);
        return true;
    }

    static bool TryReadArray(ref SequenceReader<byte> reader, int depth, out RedisReply reply)
    {
        reply = default;
        if (!TryReadInteger(ref reader, out var count)) return false;
        if (count == -1)
        {
            reply = RedisReply.Array(null);
            return true;
        }
        if (count < 0 || count > int.MaxValue / 4)
            throw new RedisProtocolException($"Invalid array length {count}.");
        if (depth >= MaxDepth)
            throw new RedisProtocolException($"Arrays nested deeper than {MaxDepth} levels.");
        // Every element takes at least 3 bytes (":0\r\n" is 4): don't allocate for data that has not arrived.
        if (reader.Remaining < count * 3) return false;
        var elements = new RedisReply[count];
        for (var i = 0; i < elements.Length; i++)
            if (!TryRead(ref reader, depth + 1, out elements[i])) return false;
        reply = RedisReply.Array(elements);
        return true;
    }

    static bool TryReadInteger(ref SequenceReader<byte> reader, out long value)
    {
        value = 0;
        if (!TryReadLine(ref reader, out var line)) return false;
        Span<byte> copy = stackalloc byte[20];
        if (line.Length > copy.Length)
            throw new RedisProtocolException("Integer too long.");
        line.CopyTo(copy);
        if (!Utf8Parser.TryParse(copy[..(int)line.Length], out value, out var consumed) || consumed != line.Length)
            throw new RedisProtocolException("Malformed integer.");
        return true;
    }

    static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true)) return true;
        if (reader.Remaining > MaxLineLength)
            throw new RedisProtocolException($"Line longer than {MaxLineLength} bytes without CRLF.");
        return false;
    }
}
