namespace ModelGateway.RateLimiting;

/// <summary>
/// Tracks whether the shared store is answering: counts failures, logs a warning at most once per
/// RateLimits:FailureLogInterval (with how many were not logged) and a recovery after a logged warning, and feeds the
/// readiness check. The interval holds across recoveries, so a Redis that flaps cannot flood the log.
/// </summary>
internal sealed partial class RedisOutageMonitor
{
    readonly TimeProvider _time;
    readonly ILogger<RedisOutageMonitor> _logger;
    readonly object _gate = new();
    DateTimeOffset _lastWarning = DateTimeOffset.MinValue;
    long _unreported;
    // Whether this outage's start was logged: only then is its end worth a line.
    bool _outageLogged;

    public RedisOutageMonitor(TimeProvider time, ILogger<RedisOutageMonitor> logger)
    {
        _time = time;
        _logger = logger;
    }

    public bool IsFailing { get; private set; }
    public long Failures { get; private set; }
    public DateTimeOffset? FailingSince { get; private set; }
    public string? LastError { get; private set; }

    public void Failed(Exception error, RateLimitFailureMode mode, TimeSpan logInterval)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Failures++;
            LastError = error.Message;
            if (!IsFailing)
            {
                IsFailing = true;
                FailingSince = now;
            }
            if (now - _lastWarning < logInterval)
            {
                _unreported++;
                return;
            }
            Log.RedisFailing(_logger, mode == RateLimitFailureMode.Open ? "admitted unchecked (fail open)" : "refused with 503 (fail closed)",
                _unreported, error.Message);
            _lastWarning = now;
            _unreported = 0;
            _outageLogged = true;
        }
    }

    public void Succeeded()
    {
        if (!IsFailing) return;
        lock (_gate)
        {
            if (!IsFailing) return;
            if (_outageLogged) Log.RedisRecovered(_logger, (_time.GetUtcNow() - FailingSince!.Value).TotalSeconds);
            IsFailing = false;
            FailingSince = null;
            _outageLogged = false;
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Shared rate limits: Redis is not answering, requests are {Behaviour}; {Unreported} more failures since the last warning. {Reason}")]
        public static partial void RedisFailing(ILogger logger, string behaviour, long unreported, string reason);

        [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Shared rate limits: Redis answers again after {Seconds:0.#} s; budgets are enforced again")]
        public static partial void RedisRecovered(ILogger logger, double seconds);
    }
}
