using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ModelGateway.Bench.Processes;

/// <summary>
/// Speaks just enough RESP to time a round trip (PING) and to read the server's command counter, which tells how
/// many Redis commands the gateway sent per request.
/// </summary>
public sealed class RedisProbe : IDisposable
{
    readonly TcpClient _client = new() { NoDelay = true };
    readonly NetworkStream _stream;
    readonly byte[] _buffer = new byte[64 * 1024];

    public RedisProbe(int port)
    {
        _client.Connect("127.0.0.1", port);
        _stream = _client.GetStream();
    }

    /// <summary>Median PING round trip over <paramref name="count"/> pings, in milliseconds.</summary>
    public double MedianRoundTripMs(int count)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = Command("PING\r\n");
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!reply.StartsWith("+PONG", StringComparison.Ordinal)) throw new InvalidOperationException("unexpected reply to PING: " + reply);
        }
        Array.Sort(samples);
        return samples[count / 2];
    }

    /// <summary>total_commands_processed from INFO stats (includes this probe's own commands).</summary>
    public long CommandsProcessed()
    {
        var info = Command("INFO stats\r\n");
        foreach (var line in info.Split("\r\n"))
            if (line.StartsWith("total_commands_processed:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan("total_commands_processed:".Length), CultureInfo.InvariantCulture);
        throw new InvalidOperationException("INFO stats did not report total_commands_processed");
    }

    string Command(string inline)
    {
        _stream.Write(Encoding.ASCII.GetBytes(inline));
        var total = 0;
        while (true)
        {
            var read = _stream.Read(_buffer, total, _buffer.Length - total);
            if (read == 0) throw new IOException("redis closed the connection");
            total += read;
            var text = Encoding.ASCII.GetString(_buffer, 0, total);
            if (IsComplete(text)) return text;
        }
    }

    static bool IsComplete(string text)
    {
        if (text.Length < 3 || !text.EndsWith("\r\n", StringComparison.Ordinal)) return false;
        if (text[0] != '$') return true;
        var header = text.IndexOf("\r\n", StringComparison.Ordinal);
        var length = int.Parse(text.AsSpan(1, header - 1), CultureInfo.InvariantCulture);
        return Encoding.ASCII.GetByteCount(text) >= header + 2 + length + 2;
    }

    public void Dispose() => _client.Dispose();
}
