using Microsoft.Extensions.Options;

namespace ModelGateway.Hosting;

/// <summary>
/// The end of a graceful shutdown. On SIGTERM the host stops accepting connections and lets requests in flight finish;
/// Gateway:ShutdownTimeout later, <see cref="Deadline"/> cancels every worker request still running, so each stream ends
/// with an error the client can act on ("the gateway is shutting down") instead of a connection reset when the host
/// gives up a few seconds after (HostOptions.ShutdownTimeout is set that much longer).
/// </summary>
public sealed partial class ShutdownDrain : IDisposable
{
    /// <summary>How much longer the host waits than the drain, for streams to write their last line and close.</summary>
    public static readonly TimeSpan HostMargin = TimeSpan.FromSeconds(5);

    readonly CancellationTokenSource _deadline = new();
    readonly CancellationTokenRegistration _stopping;
    readonly TimeProvider _time;
    readonly ILogger<ShutdownDrain> _logger;
    readonly TimeSpan _timeout;
    ITimer? _timer;

    public ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger)
    {
        _time = time;
        _logger = logger;
        _timeout = options.Value.ShutdownTimeout;
        _stopping = lifetime.ApplicationStopping.Register(static state => ((ShutdownDrain)state!).BeginDrain(), this);
    }

    /// <summary>Cancelled Gateway:ShutdownTimeout after the host began stopping.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>What a client whose reply was cut by <see cref="Deadline"/> is told.</summary>
    public const string Message = "the gateway is shutting down; send the request again (another instance will answer it)";

    void BeginDrain()
    {
        Log.Draining(_logger, _timeout.TotalSeconds);
        _timer = _time.CreateTimer(static state => ((ShutdownDrain)state!).EndDrain(), this, _timeout, Timeout.InfiniteTimeSpan);
    }

    void EndDrain()
    {
        Log.DeadlineReached(_logger, _timeout.TotalSeconds);
        try { _deadline.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _timer?.Dispose();
        _deadline.Dispose();
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 90, Level = LogLevel.Information, Message = "Shutting down: no new connections; requests in flight have {Seconds} s (Gateway:ShutdownTimeout) to finish")]
        public static partial void Draining(ILogger logger, double seconds);

        [LoggerMessage(EventId = 91, Level = LogLevel.Warning, Message = "Shutdown: replies still running after {Seconds} s (Gateway:ShutdownTimeout) are ended with an error telling the client to retry")]
        public static partial void DeadlineReached(ILogger logger, double seconds);
    }
}
