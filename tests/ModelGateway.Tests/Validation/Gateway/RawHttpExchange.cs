using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>
/// An HTTP/1.1 exchange written byte by byte over a loopback socket, for what HttpClient will not do: a body shorter
/// than its Content-Length, a body that stalls or trickles, broken chunked framing.
/// </summary>
public static class RawHttpExchange
{
    public sealed record Answer(int Status, string Head, string Body, TimeSpan Elapsed);

    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line), then <paramref name="body"/>
    /// bytes at <paramref name="interval"/> apart (all at once when zero), optionally half-closes, and reads the answer.
    /// Gives up after <paramref name="limit"/>: a gateway that never answers fails the test instead of hanging it.
    /// </summary>
    /// With <paramref name="allowNoAnswer"/>, a connection closed or reset without any answer gives null.
    public static async Task<Answer?> SendAsync(int port, string head, byte[] body, TimeSpan limit,
        TimeSpan interval = default, bool halfClose = false, int? sendOnly = null, bool allowNoAnswer = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        using var deadline = new CancellationTokenSource(limit);
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n\r\n"), deadline.Token);

        var toSend = body.AsMemory(0, sendOnly ?? body.Length);
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var writer = Task.Run(async () =>
        {
            try
            {
                if (interval == TimeSpan.Zero)
                    await stream.WriteAsync(toSend, stopWriting.Token);
                else
                    for (var i = 0; i < toSend.Length; i++)
                    {
                        await stream.WriteAsync(toSend.Slice(i, 1), stopWriting.Token);
                        await Task.Delay(interval, stopWriting.Token);
                    }
                if (halfClose) client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The gateway answered and closed while the body was still being sent.
            }
        });

        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, deadline.Token);
                if (n == 0) break;
                received.Write(buffer, 0, n);
                if (IsComplete(received.ToArray())) break;
            }
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"no complete answer within {limit.TotalSeconds:0.#} s; got so far: {Encoding.UTF8.GetString(received.ToArray())}");
        }
        catch (IOException) when (received.Length > 0 || allowNoAnswer)
        {
            // Reset after the answer was sent, or instead of one.
        }
        var elapsed = clock.Elapsed;
        stopWriting.Cancel();
        await writer;
        if (received.Length == 0 && allowNoAnswer) return null;
        return Parse(received.ToArray(), elapsed);
    }

    static bool IsComplete(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var headers = text[..end].Split("\r\n");
        var rest = text[(end + 4)..];
        if (headers.Any(h => h.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
            return rest.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        var length = headers.FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && Encoding.UTF8.GetByteCount(rest) >= int.Parse(length["Content-Length:".Length..].Trim());
    }

    static Answer Parse(byte[] data, TimeSpan elapsed)
    {
        var text = Encoding.UTF8.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new AssertionException($"no HTTP answer, got: '{text}'");
        var head = text[..end];
        var body = text[(end + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            body = Dechunk(body);
        return new Answer(int.Parse(text.Split(' ', 3)[1]), head, body, elapsed);
    }

    static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd], 16);
            if (size == 0) return result.ToString();
            // Error bodies are ASCII, so characters and bytes agree.
            result.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
