namespace ModelGateway.Forwarding;

/// <summary>
/// Cancels one worker request when the client goes away or the worker stays silent too long: first until the response
/// headers, then between chunks of the body. Marking activity is a clock read and a field write; the one timer is only
/// moved when it fires early (activity happened meanwhile), not once per chunk as re-arming a
/// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> would (a timer-queue lock per chunk).
/// </summary>
internal sealed class WorkerCancellation : IDisposable
{
    readonly CancellationTokenSource _source;
    readonly CancellationToken _shutdown;
    readonly ITimer? _timer;
    long _timeoutMs;
    long _lastActivityMs;
    bool _timedOut;

    /// <param name="timeout">Silence allowed before anything arrives; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="shutdown">Cancelled when a graceful shutdown's time is up (<see cref="Hosting.ShutdownDrain.Deadline"/>).</param>
    public WorkerCancellation(CancellationToken requestAborted, TimeSpan timeout, CancellationToken shutdown = default)
    {
        _shutdown = shutdown;
        _source = shutdown.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(requestAborted, shutdown)
            : CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _timeoutMs = ToMilliseconds(timeout);
        _lastActivityMs = Environment.TickCount64;
        if (_timeoutMs == Timeout.Infinite) return;
        // Like CancelAfter's own timer: the callback needs no caller context, so none is captured.
        var restoreFlow = !ExecutionContext.IsFlowSuppressed();
        if (restoreFlow) ExecutionContext.SuppressFlow();
        try { _timer = TimeProvider.System.CreateTimer(static state => ((WorkerCancellation)state!).OnTimer(), this, TimeSpan.FromMilliseconds(_timeoutMs), Timeout.InfiniteTimeSpan); }
        finally { if (restoreFlow) ExecutionContext.RestoreFlow(); }
    }

    public CancellationToken Token => _source.Token;

    public bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <summary>True when the silence limit cancelled the token (rather than the client going away).</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut);

    /// <summary>True when a graceful shutdown's deadline cancelled the token.</summary>
    public bool ShutDown => _shutdown.IsCancellationRequested && !TimedOut;

    /// <summary>From now on, allow <paramref name="timeout"/> of silence (the headers arrived: the body's idle limit applies).</summary>
    public void Restart(TimeSpan timeout)
    {
        var timeoutMs = ToMilliseconds(timeout);
        Volatile.Write(ref _lastActivityMs, Environment.TickCount64);
        var shorter = timeoutMs != Timeout.Infinite && (_timeoutMs == Timeout.Infinite || timeoutMs < _timeoutMs);
        Volatile.Write(ref _timeoutMs, timeoutMs);
        // A longer (or no) limit is handled when the timer fires; a shorter one needs the timer brought forward.
        if (shorter) ChangeTimer(timeoutMs);
    }

    /// <summary>Something arrived: the silence starts again.</summary>
    public void MarkActivity() => Volatile.Write(ref _lastActivityMs, Environment.TickCount64);

    void OnTimer()
    {
        var timeoutMs = Volatile.Read(ref _timeoutMs);
        if (timeoutMs == Timeout.Infinite) return;
        var silentMs = Environment.TickCount64 - Volatile.Read(ref _lastActivityMs);
        if (silentMs >= timeoutMs)
        {
            Volatile.Write(ref _timedOut, true);
            try { _source.Cancel(); }
            catch (ObjectDisposedException) { }
            return;
        }
        ChangeTimer(timeoutMs - silentMs);
    }

    void ChangeTimer(long dueMs)
    {
        try { _timer?.Change(TimeSpan.FromMilliseconds(dueMs), Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    static long ToMilliseconds(TimeSpan timeout)
        => timeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }
}
