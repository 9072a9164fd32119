using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelGateway.Redis;

/// <summary>
/// Owns the current <see cref="RedisSocketSession"/> and replaces it when it dies. Connects on first use; the first
/// callers wait for that first attempt (at most Redis:ConnectTimeout). After that, while there is no connection,
/// commands fail at once and a background loop reconnects with exponential back-off and jitter.
/// </summary>
internal sealed partial class RedisConnection : IRedisConnection, IAsyncDisposable
{
    readonly RedisOptions _options;
    readonly RedisEndpoint _endpoint;
    readonly ILogger<RedisConnection> _logger;
    readonly TimeProvider _time;
    readonly RedisCounters _counters = new();
    readonly CancellationTokenSource _disposing = new();
    readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Lock _gate = new();
    // Replies continue their callers the way the gateway's sockets continue theirs (Gateway:InlineIoCompletions).
    readonly bool _completeInline;
    volatile RedisSocketSession? _session;
    Task? _connectLoop;
    volatile LastError? _lastError;
    bool _disposed;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger, TimeProvider time, IMeterFactory meters)
        : this(options, logger, time, Hosting.InlineIoCompletions.InEffect)
    {
        RedisMetrics.Observe(meters.Create(RedisMetrics.MeterName), this);
    }

    /// <param name="completeInline">Whether replies continue their callers on the reader's thread (see <see cref="RedisSocketSession.OpenAsync"/>).</param>
    internal RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger, TimeProvider time, bool completeInline)
    {
        _completeInline = completeInline;
        _options = options.Value;
        if (!RedisEndpoint.TryParse(_options.Endpoint, out _endpoint))
            throw new InvalidOperationException("Redis:Endpoint must be 'host:port' (for example '127.0.0.1:6379').");
        _logger = logger;
        _time = time;
        Endpoint = _endpoint.ToString();
    }

    public string Endpoint { get; }

    // Cleared by the connect loop only after it has recorded why the connection closed, so a caller that sees
    // "not connected" also sees the reason (commands check the session itself, so none is sent on a closed one).
    public bool IsConnected => _session is not null;

    /// <summary>How long commands have waited without a reply, while that exceeds Redis:StallTimeout; else null.</summary>
    public TimeSpan? StalledFor => _session is { IsOpen: true } session ? session.StalledFor : null;

    public RedisConnectionStatus GetStatus()
    {
        var lastError = _lastError;
        return new RedisConnectionStatus(Endpoint, IsConnected, lastError?.Message, lastError?.At,
            _counters.ConnectionsOpened, _counters.ConnectFailures, _counters.Disconnections,
            _counters.CommandsSucceeded, _counters.CommandsFailed, _counters.CommandsTimedOut);
    }

    public Task<RedisReply> ExecuteAsync(string command, IReadOnlyList<RedisArgument> args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        var session = _session;
        return session is { IsOpen: true }
            ? session.ExecuteAsync(command, args, _options.CommandTimeout, cancellationToken)
            : ExecuteWhenConnectedAsync(command, args, cancellationToken);
    }

    async Task<RedisReply> ExecuteWhenConnectedAsync(string command, IReadOnlyList<RedisArgument> args, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StartConnecting();
        // Only the very first attempt is waited for (it is bounded by ConnectTimeout); later outages fail fast.
        await _firstAttempt.Task.WaitAsync(cancellationToken);
        var session = _session;
        if (session is { IsOpen: true })
            return await session.ExecuteAsync(command, args, _options.CommandTimeout, cancellationToken);
        _counters.CommandFailed();
        var reason = _lastError?.Message ?? "not connected";
        throw new RedisUnavailableException($"Redis at {Endpoint} is unavailable ({reason}); reconnecting in the background.");
    }

    void StartConnecting()
    {
        if (_connectLoop is not null) return;
        lock (_gate)
        {
            if (_connectLoop is null && !_disposed)
                _connectLoop = Task.Run(ConnectLoopAsync);
        }
    }

    async Task ConnectLoopAsync()
    {
        var stopping = _disposing.Token;
        var attempt = 0;
        var everConnected = false;
        while (!stopping.IsCancellationRequested)
        {
            RedisSocketSession? session = null;
            try
            {
                session = await ConnectAsync(stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                _counters.ConnectFailed();
                var reason = RecordError(ex.Message);
                // One warning per outage; the retries behind it would only repeat it.
                if (attempt == 0) Log.ConnectFailed(_logger, Endpoint, reason);
                else Log.ConnectRetryFailed(_logger, Endpoint, attempt + 1, reason);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (session is not null)
            {
                attempt = 0;
                _counters.ConnectionOpened();
                _session = session;
            }
            // Only now: the callers waiting for the first attempt look for the session as soon as this is set.
            _firstAttempt.TrySetResult();

            if (session is not null)
            {
                if (everConnected) Log.Reconnected(_logger, Endpoint);
                else Log.Connected(_logger, Endpoint);
                everConnected = true;

                var closedBecause = await session.Closed;
                if (stopping.IsCancellationRequested)
                {
                    _session = null;
                    await session.DisposeAsync();
                    break;
                }
                _counters.Disconnected();
                var reason = RecordError(closedBecause.Message);
                _session = null;
                await session.DisposeAsync();
                Log.Disconnected(_logger, Endpoint, reason);
            }

            try
            {
                await Task.Delay(RedisReconnectDelay.For(attempt++, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared), _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>TCP connect, then AUTH, SELECT and a PING, all within ConnectTimeout.</summary>
    async Task<RedisSocketSession> ConnectAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        RedisSocketSession session;
        try
        {
            session = await RedisSocketSession.OpenAsync(_endpoint, _counters, _time, _completeInline, _options.StallTimeout, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"no TCP connection within {_options.ConnectTimeout.TotalMilliseconds:0} ms (Redis:ConnectTimeout)");
        }

        try
        {
            if (!string.IsNullOrEmpty(_options.Password))
            {
                IReadOnlyList<RedisArgument> auth = string.IsNullOrEmpty(_options.User)
                    ? [_options.Password]
                    : [_options.User, _options.Password];
                await HandshakeAsync(session, "AUTH", auth, "authentication (Redis:User/Redis:Password) was refused", linked.Token);
            }
            if (_options.Database != 0)
                await HandshakeAsync(session, "SELECT", [_options.Database], $"SELECT {_options.Database} (Redis:Database) was refused", linked.Token);
            await HandshakeAsync(session, "PING", [], "PING was refused", linked.Token);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    async Task HandshakeAsync(RedisSocketSession session, string command, IReadOnlyList<RedisArgument> args, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteAsync(command, args, _options.ConnectTimeout, cancellationToken);
        }
        catch (RedisServerException ex)
        {
            var hint = ex.ErrorCode == "NOAUTH" ? " The server requires a password: set Redis:Password." : "";
            throw new RedisUnavailableException($"{failure}: {ex.Message}{hint}");
        }
    }

    /// <summary>Stores the reason for status and messages, with the password masked should the server ever echo it.</summary>
    string RecordError(string message)
    {
        var password = _options.Password;
        if (!string.IsNullOrEmpty(password))
            message = message.Replace(password, "***", StringComparison.Ordinal);
        _lastError = new LastError(message, _time.GetUtcNow());
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            loop = _connectLoop;
        }
        _disposing.Cancel();
        if (_session is { } session) await session.DisposeAsync();
        if (loop is not null)
        {
            try { await loop; } catch (OperationCanceledException) { }
        }
        _firstAttempt.TrySetResult();
        _disposing.Dispose();
    }

    sealed record LastError(string Message, DateTimeOffset At);

    static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Connected to Redis at {Endpoint}.")]
        public static partial void Connected(ILogger logger, string endpoint);

        [LoggerMessage(2, LogLevel.Warning, "Reconnected to Redis at {Endpoint}.")]
        public static partial void Reconnected(ILogger logger, string endpoint);

        [LoggerMessage(3, LogLevel.Warning, "Lost the connection to Redis at {Endpoint}: {Reason}. Reconnecting in the background; commands fail until then.")]
        public static partial void Disconnected(ILogger logger, string endpoint, string reason);

        [LoggerMessage(4, LogLevel.Warning, "Cannot connect to Redis at {Endpoint}: {Reason}. Retrying in the background.")]
        public static partial void ConnectFailed(ILogger logger, string endpoint, string reason);

        [LoggerMessage(5, LogLevel.Debug, "Connect attempt {Attempt} to Redis at {Endpoint} failed: {Reason}.")]
        public static partial void ConnectRetryFailed(ILogger logger, string endpoint, int attempt, string reason);
    }
}
