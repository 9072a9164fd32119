using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ModelGateway.Redis;

/// <summary>Encodes a command as a RESP2 array of bulk strings, the only request form Redis needs.</summary>
internal static class RespCommandWriter
{
    public static void Write(IBufferWriter<byte> writer, string command, IReadOnlyList<RedisArgument> args)
    {
        WriteLength(writer, (byte)'*', args.Count + 1);
        WriteLength(writer, (byte)'$', Encoding.ASCII.GetByteCount(command));
        Encoding.ASCII.GetBytes(command, writer);
        writer.Write("\r\n"u8);
        for (var i = 0; i < args.Count; i++)
            args[i].WriteTo(writer);
    }

    /// <summary>Writes a header such as "*3\r\n" or "$5\r\n".</summary>
    public static void WriteLength(IBufferWriter<byte> writer, byte prefix, int length)
    {
        var span = writer.GetSpan(13);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        writer.Advance(3 + written);
    }
}
