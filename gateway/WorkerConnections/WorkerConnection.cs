using System.Runtime.CompilerServices;
using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a worker. It waits for bytes with a read into a small buffer of its own
/// (one system call, where a zero-byte wait and then a read were two), which holds a response head or a streamed
/// token whole. Larger buffers are rented only while a burst or a large body is arriving, and returned as soon as
/// every buffered byte is consumed, so a connection waiting for a response, or idle in the pool, holds only its own.
/// </summary>
internal sealed class WorkerConnection : IDisposable
{
    /// <summary>
    /// Room for a response head, a short reply, or a streamed line (an Ollama token is ~130 bytes): 10,000 open
    /// streams hold 10 MB of these.
    /// </summary>
    const int OwnBufferSize = 1024;

    /// <summary>The first rented size when a head or body outgrows the connection's own buffer.</summary>
    const int ReadBufferSize = 4096;

    /// <summary>While bytes keep arriving faster than they are read (a burst of tokens), reads take larger bites.</summary>
    const int BurstReadBufferSize = 16 * 1024;

    /// <summary>
    /// A connection back in the pool for less than this is taken without asking the socket (a system call per
    /// request under load); one the worker closed in that moment fails before any response byte, and the pool sends
    /// the request again on a new connection.
    /// </summary>
    const long UncheckedReuseMs = 1000;

    /// <summary>SocketsHttpHandler's default <c>MaxResponseHeadersLength</c> (64 KB).</summary>
    internal const int MaxResponseHeadBytes = 64 * 1024;

    readonly WorkerConnectionPool _pool;
    readonly Socket _socket;
    readonly NetworkStream _stream;
    byte[]? _buffer;
    byte[]? _ownBuffer;
    int _start;
    int _end;
    long _idleSinceMs;
    int _disposed;
    volatile bool _filling;
    // Bytes are arriving faster than they are read (a read filled all its room, or two reads in a row found bytes
    // already there): read with a rented burst-sized buffer. Cleared as soon as a read has to wait, so a quiet
    // stream goes back to waiting with its own small buffer.
    bool _burst;
    int _readyWaits;
    readonly string? _peer;
    string? _metricState;

    public WorkerConnection(WorkerConnectionPool pool, Socket socket)
    {
        _pool = pool;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _peer = (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString();
        EnterState("active");
    }

    /// <summary>Counts the connection as "active", "idle" or (null) closed in <c>http.client.open_connections</c>.</summary>
    public void EnterState(string? state)
    {
        if (state == _metricState) return;
        WorkerClientMetrics.ConnectionState(_pool.Host, _pool.Port, _peer, _metricState, state);
        _metricState = state;
    }

    /// <summary>True once the connection has carried a whole response (so the worker may have closed it since).</summary>
    public bool IsReused { get; private set; }

    /// <summary>True once any byte of the current response arrived.</summary>
    public bool ResponseStarted { get; private set; }

    public int Buffered => _end - _start;

    public ReadOnlySpan<byte> BufferedSpan => _buffer.AsSpan(_start, _end - _start);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ResponseStarted = false;
        // A response head comes after the worker's think time: wait for it without a buffer.
        _burst = false;
        _readyWaits = 0;
        return WorkerExchange.SendAsync(this, _pool.HostHeader, request, cancellationToken);
    }

    internal Stream Transport => _stream;

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end) ReleaseBuffer();
    }

    /// <summary>Copies buffered bytes to <paramref name="destination"/> and consumes them.</summary>
    public int CopyBuffered(Span<byte> destination, long limit)
    {
        var count = (int)Math.Min(Math.Min(Buffered, destination.Length), limit);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        Consume(count);
        return count;
    }

    /// <summary>Returns once bytes are buffered, or the worker closed the connection (nothing buffered then).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        if (Buffered == 0) await FillAsync(int.MaxValue, cancellationToken);
    }

    /// <summary>Reads into the caller's memory; only valid when nothing is buffered.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadDirectAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(destination, cancellationToken);
        if (read > 0) ResponseStarted = true;
        return read;
    }

    /// <summary>Reads more bytes after those still buffered.</summary>
    /// <returns>False at the end of the stream.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FillAsync(int limit, CancellationToken cancellationToken)
    {
        if (_buffer is null)
        {
            _start = _end = 0;
            if (_burst)
            {
                _buffer = ArrayPool<byte>.Shared.Rent(BurstReadBufferSize);
                _pool.BufferRented();
            }
            else _buffer = _ownBuffer ??= new byte[OwnBufferSize];
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            else
            {
                if (_buffer.Length >= limit) return ThrowTooLarge(limit);
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(_buffer.Length * 2, ReadBufferSize), limit));
                _buffer.AsSpan(0, _end).CopyTo(larger);
                if (ReferenceEquals(_buffer, _ownBuffer)) _pool.BufferRented();
                else ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
        int read;
        _filling = true;
        try
        {
            var pending = _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (pending.IsCompleted) _readyWaits++;
            else (_burst, _readyWaits) = (false, 0);
            read = await pending;
        }
        finally { _filling = false; }
        if (read == 0)
        {
            if (Buffered == 0) ReleaseBuffer();
            return false;
        }
        ResponseStarted = true;
        _end += read;
        if (_end == _buffer.Length || _readyWaits >= 2) _burst = true;
        return true;
    }

    static bool ThrowTooLarge(int limit)
        => throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded,
            $"The HTTP response headers length exceeded the set limit of {limit} bytes.");

    void ReleaseBuffer()
    {
        var buffer = _buffer;
        if (buffer is null) return;
        _buffer = null;
        _start = _end = 0;
        if (ReferenceEquals(buffer, _ownBuffer)) return;
        // Closed from another thread mid-read: the aborted read may still write into it, so leave it to the GC.
        if (!_filling) ArrayPool<byte>.Shared.Return(buffer);
        _pool.BufferReturned();
    }

    /// <summary>The response ended cleanly: back to the pool when it may carry another request, else closed.</summary>
    public void Release(bool keepAlive)
    {
        if (keepAlive && Buffered == 0 && Volatile.Read(ref _disposed) == 0)
        {
            IsReused = true;
            MarkIdle();
            _pool.Return(this);
        }
        else Dispose();
    }

    public void MarkIdle() => _idleSinceMs = Environment.TickCount64;

    public bool IdleLongerThan(long timeoutMs) => Environment.TickCount64 - _idleSinceMs > timeoutMs;

    /// <summary>Not idle too long, and the worker has neither closed it nor sent anything unasked.</summary>
    public bool IsUsable(long idleTimeoutMs)
    {
        if (IdleLongerThan(idleTimeoutMs)) return false;
        if (!IdleLongerThan(UncheckedReuseMs)) return true;
        try { return !_socket.Poll(0, SelectMode.SelectRead); }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { return false; }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        EnterState(null);
        _stream.Dispose();
        ReleaseBuffer();
        _pool.Closed();
    }
}
