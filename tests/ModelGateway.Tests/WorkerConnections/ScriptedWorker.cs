using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelGateway.Tests.WorkerConnections;

/// <summary>
/// A raw loopback HTTP/1.1 server whose answers are written byte for byte by the test, so framing, splits, early
/// closes and stalls are exact. Each accepted connection runs the script; <see cref="Accepted"/> counts them.
/// </summary>
sealed class ScriptedWorker : IAsyncDisposable
{
    readonly TcpListener _listener;
    readonly Func<ScriptedConnection, Task> _script;
    readonly CancellationTokenSource _stop = new();
    readonly List<Task> _connections = new();
    int _accepted;

    ScriptedWorker(Func<ScriptedConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public static ScriptedWorker Start(Func<ScriptedConnection, Task> script) => new(script);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");
    public int Accepted => Volatile.Read(ref _accepted);

    async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch { return; }
            socket.NoDelay = true;
            var index = Interlocked.Increment(ref _accepted) - 1;
            var connection = new ScriptedConnection(socket, index);
            lock (_connections) _connections.Add(Task.Run(async () =>
            {
                try { await _script(connection); }
                catch { }
                finally { connection.Dispose(); }
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] running;
        lock (_connections) running = _connections.ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(2000));
    }
}

/// <summary>One accepted connection: reads requests (head and body) and writes raw bytes.</summary>
sealed class ScriptedConnection(Socket socket, int index) : IDisposable
{
    readonly NetworkStream _stream = new(socket, ownsSocket: true);
    readonly List<byte> _pending = new();

    public int Index => index;

    /// <summary>The next request's head (as text) and body; null when the client closed the connection.</summary>
    public async Task<ScriptedRequest?> ReadRequestAsync()
    {
        var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray());
        if (head is null) return null;
        var text = Encoding.ASCII.GetString(head);
        var body = new MemoryStream();
        var lengthLine = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine is not null)
        {
            var length = int.Parse(lengthLine["Content-Length:".Length..].Trim());
            body.Write(await ReadExactlyAsync(length));
        }
        else if (text.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = Encoding.ASCII.GetString((await ReadUntilAsync("\r\n"u8.ToArray()))!).Trim();
                var size = Convert.ToInt32(sizeLine, 16);
                if (size == 0) { await ReadUntilAsync("\r\n"u8.ToArray()); break; }
                body.Write(await ReadExactlyAsync(size));
                await ReadExactlyAsync(2);
                ChunkReceived?.Invoke(size);
            }
        }
        return new ScriptedRequest(text, body.ToArray());
    }

    /// <summary>Called with each request-body chunk size as it arrives.</summary>
    public Action<int>? ChunkReceived { get; set; }

    async Task<byte[]?> ReadUntilAsync(byte[] terminator)
    {
        var buffer = new byte[1];
        while (true)
        {
            var index = IndexOf(_pending, terminator);
            if (index >= 0)
            {
                var result = _pending.GetRange(0, index + terminator.Length).ToArray();
                _pending.RemoveRange(0, index + terminator.Length);
                return result;
            }
            var chunk = new byte[4096];
            var read = await _stream.ReadAsync(chunk);
            if (read == 0) return null;
            _pending.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_pending.Count < count)
        {
            var chunk = new byte[4096];
            var read = await _stream.ReadAsync(chunk);
            if (read == 0) throw new EndOfStreamException();
            _pending.AddRange(chunk.AsSpan(0, read).ToArray());
        }
        var result = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return result;
    }

    static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++) match = haystack[i + j] == needle[j];
            if (match) return i;
        }
        return -1;
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.ASCII.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Closes the connection with a reset instead of a FIN.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public void Dispose() => _stream.Dispose();
}

sealed record ScriptedRequest(string Head, byte[] Body)
{
    public string RequestLine => Head[..Head.IndexOf("\r\n", StringComparison.Ordinal)];
}
