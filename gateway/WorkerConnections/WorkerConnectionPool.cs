using System.Net;
using System.Net.Sockets;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// Keep-alive connections to one worker endpoint: idle ones are reused (newest first), at most
/// <c>maxConnections</c> are open (later requests wait for one to free), and connections idle longer than the idle
/// timeout are closed.
/// </summary>
internal sealed class WorkerConnectionPool : IDisposable
{
    readonly string _host;
    readonly int _port;
    readonly int _maxConnections;
    readonly TimeSpan _connectTimeout;
    readonly long _idleTimeoutMs;
    readonly object _lock = new();
    readonly Stack<WorkerConnection> _idle = new();
    readonly Queue<TaskCompletionSource<WorkerConnection?>> _waiters = new();
    readonly ITimer _scavenger;
    int _open;
    int _readBuffersHeld;
    bool _disposed;

    public WorkerConnectionPool(string host, int port, int maxConnections, TimeSpan connectTimeout, TimeSpan idleTimeout)
    {
        _host = host;
        _port = port;
        _maxConnections = maxConnections;
        _connectTimeout = connectTimeout;
        _idleTimeoutMs = (long)idleTimeout.TotalMilliseconds;
        HostHeader = port == 80 ? host : (host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}");
        // The timer holds the pool weakly: a handler dropped after a configuration change lets its pool be collected.
        var weak = new WeakReference<WorkerConnectionPool>(this);
        var restoreFlow = !ExecutionContext.IsFlowSuppressed();
        if (restoreFlow) ExecutionContext.SuppressFlow();
        var slot = new ITimer?[1];
        try
        {
            _scavenger = TimeProvider.System.CreateTimer(static state =>
            {
                var (reference, timer) = ((WeakReference<WorkerConnectionPool>, ITimer?[]))state!;
                if (reference.TryGetTarget(out var pool)) pool.CloseExpired();
                else timer[0]?.Dispose();
            }, (weak, slot), idleTimeout, idleTimeout);
            slot[0] = _scavenger;
        }
        finally { if (restoreFlow) ExecutionContext.RestoreFlow(); }
    }

    /// <summary>The Host header for requests that set none (the authority, without the default port).</summary>
    public string HostHeader { get; }

    public string Host => _host;

    public int Port => _port;

    public int OpenConnections => Volatile.Read(ref _open);

    public int ReadBuffersHeld => Volatile.Read(ref _readBuffersHeld);

    internal void BufferRented() => Interlocked.Increment(ref _readBuffersHeld);

    internal void BufferReturned() => Interlocked.Decrement(ref _readBuffersHeld);

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var connection = await RentAsync(cancellationToken);
        try
        {
            return await connection.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException) when (connection.IsReused && !connection.ResponseStarted && IsReplayable(request.Content)
            && !cancellationToken.IsCancellationRequested)
        {
            // The worker closed a kept-alive connection just as it was reused: the request never reached it.
        }
        var fresh = await RentNewAsync(cancellationToken);
        return await fresh.SendAsync(request, cancellationToken);
    }

    /// <summary>Bodies sent from memory can be sent again; a streamed body may already be partly consumed.</summary>
    static bool IsReplayable(HttpContent? content) => content is null or ByteArrayContent or ReadOnlyMemoryContent;

    async ValueTask<WorkerConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<WorkerConnection?>? waiter = null;
            WorkerConnection? idle = null;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.Count > 0) idle = _idle.Pop();
                else if (_open < _maxConnections) _open++;
                else
                {
                    waiter = new TaskCompletionSource<WorkerConnection?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.Enqueue(waiter);
                }
            }
            if (idle is not null)
            {
                if (idle.IsUsable(_idleTimeoutMs))
                {
                    idle.EnterState("active");
                    return idle;
                }
                idle.Dispose();
                continue;
            }
            if (waiter is null) return await ConnectAsync(cancellationToken);

            WorkerConnection? handed;
            using (cancellationToken.UnsafeRegister(static s => ((TaskCompletionSource<WorkerConnection?>)s!).TrySetCanceled(), waiter))
            {
                try { handed = await waiter.Task; }
                catch (OperationCanceledException) { throw new TaskCanceledException("The operation was canceled.", null, cancellationToken); }
            }
            // Null: a connection closed, and its place was given to this waiter.
            if (handed is null) return await ConnectAsync(cancellationToken);
            if (handed.IsUsable(_idleTimeoutMs)) return handed;
            handed.Dispose();
        }
    }

    async ValueTask<WorkerConnection> RentNewAsync(CancellationToken cancellationToken)
    {
        // The failed connection's place is already freed by its disposal; take one like any request.
        while (true)
        {
            var connection = await RentAsync(cancellationToken);
            if (!connection.IsReused) return connection;
            connection.Dispose();
        }
    }

    async ValueTask<WorkerConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(_connectTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(_host, _port), linked.Token);
            return new WorkerConnection(this, socket);
        }
        catch (Exception ex)
        {
            socket.Dispose();
            Closed();
            if (cancellationToken.IsCancellationRequested) throw new TaskCanceledException("The operation was canceled.", ex, cancellationToken);
            if (timeout.IsCancellationRequested)
                throw new TaskCanceledException($"The connection to {_host}:{_port} could not be established within {_connectTimeout.TotalSeconds} seconds.",
                    new TimeoutException("A connection could not be established within the configured ConnectTimeout.", ex));
            if (ex is SocketException se)
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"{se.Message} ({_host}:{_port})", se);
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{ex.Message} ({_host}:{_port})", ex);
        }
    }

    /// <summary>A connection finished a response cleanly and may carry the next request.</summary>
    internal void Return(WorkerConnection connection)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                while (_waiters.TryDequeue(out var waiter))
                    if (waiter.TrySetResult(connection)) return;
                connection.EnterState("idle");
                _idle.Push(connection);
                return;
            }
        }
        connection.Dispose();
    }

    /// <summary>A connection closed (or failed to open): its place goes to a waiting request.</summary>
    internal void Closed()
    {
        lock (_lock)
        {
            _open--;
            while (_waiters.TryDequeue(out var waiter))
            {
                _open++;
                if (waiter.TrySetResult(null)) return;
                _open--;
            }
        }
    }

    void CloseExpired()
    {
        List<WorkerConnection>? expired = null;
        lock (_lock)
        {
            if (_idle.Count == 0) return;
            var keep = new List<WorkerConnection>(_idle.Count);
            foreach (var connection in _idle)
                if (connection.IdleLongerThan(_idleTimeoutMs)) (expired ??= new()).Add(connection);
                else keep.Add(connection);
            if (expired is null) return;
            _idle.Clear();
            for (var i = keep.Count - 1; i >= 0; i--) _idle.Push(keep[i]);
        }
        foreach (var connection in expired) connection.Dispose();
    }

    public void Dispose()
    {
        WorkerConnection[] idle;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            idle = _idle.ToArray();
            _idle.Clear();
            while (_waiters.TryDequeue(out var waiter)) waiter.TrySetException(new ObjectDisposedException(nameof(WorkerConnectionPool)));
        }
        _scavenger.Dispose();
        foreach (var connection in idle) connection.Dispose();
    }
}
