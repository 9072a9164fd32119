using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ModelGateway.Tests.Caching;

/// <summary>
/// An HTTP/1.1 POST over a bare socket, keeping the chunk boundaries HttpClient hides: each flush of the server
/// is one chunk, so they show whether a stream was written line by line.
/// </summary>
static class RawHttp
{
    public sealed record Reply(int Status, Dictionary<string, string> Headers, string[] Chunks)
    {
        public string Body => string.Concat(Chunks);
    }

    public static async Task<Reply> PostAsync(int port, string path, string json)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var all = new MemoryStream();
        await stream.CopyToAsync(all, timeout.Token);
        return Parse(all.ToArray());
    }

    static Reply Parse(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new AssertionException("no complete HTTP head in: " + text);
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var rest = text[(end + 4)..];
        if (!headers.TryGetValue("transfer-encoding", out var encoding) || !encoding.Contains("chunked"))
            return new Reply(status, headers, [rest]);

        var chunks = new List<string>();
        var position = 0;
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(rest[position..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0) break;
            // Sizes count bytes; the bodies here are ASCII-safe JSON, so characters and bytes agree.
            chunks.Add(rest.Substring(position, size));
            position += size + 2;
        }
        return new Reply(status, headers, chunks.ToArray());
    }
}
