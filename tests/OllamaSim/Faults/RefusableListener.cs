using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace OllamaSim.Faults;

/// <summary>
/// A listening socket that really goes away while <see cref="RefusalSwitch"/> refuses: the inner listener is
/// unbound (new connections get ECONNREFUSED), open connections are aborted, and after the refusal the same
/// endpoint is bound again. Kestrel's accept loop never notices: <see cref="AcceptAsync"/> just waits meanwhile.
/// </summary>
internal sealed class RefusableListener : IConnectionListener, IRefusable
{
    readonly IConnectionListenerFactory _factory;
    readonly EndPoint _endpoint;
    readonly RefusalSwitch _refusal;
    readonly ConcurrentDictionary<string, ConnectionContext> _connections = new();
    readonly SemaphoreSlim _bindLock = new(1, 1);
    readonly CancellationTokenSource _stopped = new();
    IConnectionListener? _current;

    public RefusableListener(IConnectionListenerFactory factory, EndPoint endpoint, RefusalSwitch refusal)
    {
        _factory = factory;
        _endpoint = endpoint;
        _refusal = refusal;
        _refusal.Register(this);
    }

    public EndPoint EndPoint => _current?.EndPoint ?? _endpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_refusal.IsRefusing) await BindAsync(cancellationToken);
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopped.Token);
        while (!linked.IsCancellationRequested)
        {
            var current = Volatile.Read(ref _current);
            if (current == null)
            {
                // Binding is done by OpenAsync when the refusal ends; just wait for that.
                try { await _refusal.WhenOpenAsync(linked.Token); }
                catch (OperationCanceledException) { return null; }
                if (Volatile.Read(ref _current) == null) await BindAsync(linked.Token);
                continue;
            }
            ConnectionContext? connection;
            try { connection = await current.AcceptAsync(linked.Token); }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                connection = null;
            }
            if (connection == null)
            {
                if (ReferenceEquals(Volatile.Read(ref _current), current) && !_refusal.IsRefusing) return null; // real shutdown
                continue; // the socket was closed for a refusal: wait for it to end
            }
            if (_refusal.IsRefusing)
            {
                connection.Abort(new ConnectionAbortedException("refusing connections"));
                continue;
            }
            Track(connection);
            return connection;
        }
        return null;
    }

    void Track(ConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        connection.ConnectionClosed.Register(() => _connections.TryRemove(connection.ConnectionId, out _));
    }

    public async Task CloseAsync(string? keepConnectionId)
    {
        await _bindLock.WaitAsync();
        try
        {
            var current = Interlocked.Exchange(ref _current, null);
            if (current != null)
            {
                await current.UnbindAsync();
                await current.DisposeAsync();
            }
        }
        finally { _bindLock.Release(); }
        foreach (var connection in _connections.Values)
            if (connection.ConnectionId != keepConnectionId)
                connection.Abort(new ConnectionAbortedException("refusing connections"));
    }

    public Task OpenAsync() => BindAsync(_stopped.Token);

    async Task BindAsync(CancellationToken cancellationToken)
    {
        await _bindLock.WaitAsync(cancellationToken);
        try
        {
            if (_current != null || _refusal.IsRefusing) return;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    _current = await _factory.BindAsync(_endpoint, cancellationToken);
                    return;
                }
                catch (Exception e) when (attempt < 50 && (e is AddressInUseException || e.InnerException is SocketException))
                {
                    // The port may linger for a moment after the previous socket closed.
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
        finally { _bindLock.Release(); }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _refusal.Unregister(this);
        _stopped.Cancel();
        if (Interlocked.Exchange(ref _current, null) is { } current) await current.UnbindAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _refusal.Unregister(this);
        _stopped.Cancel();
        if (Interlocked.Exchange(ref _current, null) is { } current) await current.DisposeAsync();
    }
}
