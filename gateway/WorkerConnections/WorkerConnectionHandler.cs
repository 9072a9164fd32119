using System.Collections.Concurrent;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// An HTTP/1.1 client for plain-http workers that holds no buffer while a response waits for data: thousands of
/// slow streams then cost a socket and a few small objects each. Anything it does not speak (https, HTTP/2-only
/// requests, upgrades) goes to <paramref name="fallback"/>.
/// </summary>
internal sealed class WorkerConnectionHandler(int maxConnectionsPerServer, TimeSpan connectTimeout, TimeSpan idleTimeout, Lazy<HttpMessageInvoker> fallback)
    : HttpMessageHandler
{
    readonly ConcurrentDictionary<(string Host, int Port), WorkerConnectionPool> _pools = new();
    volatile bool _disposed;

    /// <summary>Read buffers rented by this handler's connections right now (tests prove idle streams hold none).</summary>
    internal int ReadBuffersHeld
    {
        get
        {
            var held = 0;
            foreach (var pool in _pools.Values) held += pool.ReadBuffersHeld;
            return held;
        }
    }

    /// <summary>Open connections, idle or busy, over every endpoint.</summary>
    internal int OpenConnections
    {
        get
        {
            var open = 0;
            foreach (var pool in _pools.Values) open += pool.OpenConnections;
            return open;
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri || !IsHttp11Enough(request) || request.Headers.Contains("Upgrade")
            || !string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
            return fallback.Value.SendAsync(request, cancellationToken);
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.IdnHost.Trim('[', ']') : uri.IdnHost;
        var pool = _pools.GetOrAdd((host, uri.Port), static (key, self) => new WorkerConnectionPool(key.Host, key.Port, self._maxConnections, self._connectTimeout, self._idleTimeout), this);
        return WorkerClientMetrics.RequestDurationEnabled ? SendMeasuredAsync(pool, request, cancellationToken) : pool.SendAsync(request, cancellationToken);
    }

    static async Task<HttpResponseMessage> SendMeasuredAsync(WorkerConnectionPool pool, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try { response = await pool.SendAsync(request, cancellationToken); }
        catch (Exception ex)
        {
            WorkerClientMetrics.RecordRequest(request, start, null, ex);
            throw;
        }
        WorkerClientMetrics.RecordRequest(request, start, response, null);
        return response;
    }

    readonly int _maxConnections = maxConnectionsPerServer;
    readonly TimeSpan _connectTimeout = connectTimeout;
    readonly TimeSpan _idleTimeout = idleTimeout;

    /// <summary>HTTP/1.x requests, and higher versions that accept being answered with 1.1.</summary>
    static bool IsHttp11Enough(HttpRequestMessage request)
        => request.Version.Major < 2 || request.VersionPolicy == HttpVersionPolicy.RequestVersionOrLower;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            foreach (var pool in _pools.Values) pool.Dispose();
            if (fallback.IsValueCreated) fallback.Value.Dispose();
        }
        base.Dispose(disposing);
    }
}
