namespace OllamaSim.Faults;

/// <summary>
/// Whether the API port refuses connections right now. Listeners close their socket when a refusal starts
/// (so clients get ECONNREFUSED) and bind again when it ends.
/// </summary>
public sealed class RefusalSwitch(TimeProvider time)
{
    readonly object _gate = new();
    TaskCompletionSource _accepting = Completed();
    ITimer? _timer;
    DateTimeOffset? _until;

    readonly List<IRefusable> _listeners = [];

    public void Register(IRefusable listener)
    {
        lock (_gate) _listeners.Add(listener);
    }

    public void Unregister(IRefusable listener)
    {
        lock (_gate) _listeners.Remove(listener);
    }

    public bool IsRefusing
    {
        get { lock (_gate) return !_accepting.Task.IsCompleted; }
    }

    /// <summary>Remaining refusal in ms: 0 when accepting, -1 when refusing until told otherwise.</summary>
    public long RemainingMs
    {
        get
        {
            lock (_gate)
            {
                if (_accepting.Task.IsCompleted) return 0;
                if (_until is not { } until) return -1;
                return Math.Max(1, (long)(until - time.GetUtcNow()).TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// Refuses for <paramref name="duration"/> (<see cref="Timeout.InfiniteTimeSpan"/> = until <see cref="Accept"/>).
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
            if (_accepting.Task.IsCompleted) _accepting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _until = duration == Timeout.InfiniteTimeSpan ? null : time.GetUtcNow() + duration;
            if (duration != Timeout.InfiniteTimeSpan)
                _timer = time.CreateTimer(_ => Accept(), null, duration, Timeout.InfiniteTimeSpan);
            listeners = _listeners.ToArray();
        }
        return Task.WhenAll(listeners.Select(l => l.CloseAsync(keepConnectionId)));
    }

    public void Accept()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _until = null;
            _accepting.TrySetResult();
        }
    }

    public Task WhenAcceptingAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _accepting.Task.WaitAsync(cancellationToken);
    }

    static TaskCompletionSource Completed()
    {
        var tcs = new TaskCompletionSource();
        tcs.SetResult();
        return tcs;
    }
}

