namespace OllamaSim.Faults;

/// <summary>
/// Whether the API port refuses connections right now. Listeners close their socket when a refusal starts
/// (so clients get ECONNREFUSED) and bind again when it ends.
/// </summary>
public sealed class RefusalSwitch(TimeProvider time)
{
    readonly object _gate = new();
    readonly List<IRefusable> _listeners = [];
    TaskCompletionSource _open = Completed();
    bool _refusing;
    ITimer? _timer;
    DateTimeOffset? _until;

    public void Register(IRefusable listener)
    {
        lock (_gate) _listeners.Add(listener);
    }

    public void Unregister(IRefusable listener)
    {
        lock (_gate) _listeners.Remove(listener);
    }

    /// <summary>True from the start of a refusal until its end is decided (listeners may still be re-binding).</summary>
    public bool IsRefusing
    {
        get { lock (_gate) return _refusing; }
    }

    /// <summary>Remaining refusal in ms: 0 once the port accepts again, -1 when refusing until told otherwise.</summary>
    public long RemainingMs
    {
        get
        {
            lock (_gate)
            {
                if (_open.Task.IsCompleted) return 0;
                if (_refusing && _until is null) return -1;
                return Math.Max(1, (long)((_until ?? time.GetUtcNow()) - time.GetUtcNow()).TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// Refuses for <paramref name="duration"/> (<see cref="Timeout.InfiniteTimeSpan"/> = until <see cref="AcceptAsync"/>).
    /// Completes once the sockets are closed; <paramref name="keepConnectionId"/> (the control request's own
    /// connection) is spared so its answer can still be written.
    /// </summary>
    public Task RefuseAsync(TimeSpan duration, string? keepConnectionId = null)
    {
        IRefusable[] listeners;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _refusing = true;
            if (_open.Task.IsCompleted) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _until = duration == Timeout.InfiniteTimeSpan ? null : time.GetUtcNow() + duration;
            if (duration != Timeout.InfiniteTimeSpan)
                _timer = time.CreateTimer(_ => _ = AcceptAsync(), null, duration, Timeout.InfiniteTimeSpan);
            listeners = _listeners.ToArray();
        }
        return Task.WhenAll(listeners.Select(l => l.CloseAsync(keepConnectionId)));
    }

    /// <summary>Ends a refusal; completes when every listener is bound again, so the next connect succeeds.</summary>
    public async Task AcceptAsync()
    {
        IRefusable[] listeners;
        TaskCompletionSource open;
        lock (_gate)
        {
            if (!_refusing) return;
            _timer?.Dispose();
            _timer = null;
            _refusing = false;
            open = _open;
            listeners = _listeners.ToArray();
        }
        try { await Task.WhenAll(listeners.Select(l => l.OpenAsync())); }
        finally { open.TrySetResult(); }
    }

    public Task WhenOpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _open.Task.WaitAsync(cancellationToken);
    }

    static TaskCompletionSource Completed()
    {
        var tcs = new TaskCompletionSource();
        tcs.SetResult();
        return tcs;
    }
}
