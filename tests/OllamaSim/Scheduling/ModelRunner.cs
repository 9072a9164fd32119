using OllamaSim.Models;
using OllamaSim.Requests;

namespace OllamaSim.Scheduling;

/// <summary>
/// One model's runner: a fixed number of slots served in FIFO order, a loaded/unloaded state with a load delay,
/// and keep-alive expiry. A request first takes a slot (waiting in the shared pending queue if none is free),
/// then waits for the model to be loaded.
/// </summary>
public sealed class ModelRunner
{
    readonly object _gate = new();
    readonly LinkedList<TaskCompletionSource<SlotLease>> _waiters = new();
    readonly PendingQueue _pending;
    readonly TimeProvider _time;
    readonly TimeSpan _loadTime;
    readonly TimeSpan _defaultKeepAlive;
    int _free;
    int _active;
    bool _loaded;
    Task? _loading;
    DateTimeOffset _expiresAt;

    public ModelRunner(InstalledModel model, int slots, PendingQueue pending, TimeSpan loadTime, TimeSpan defaultKeepAlive, TimeProvider time)
    {
        Model = model;
        _free = slots;
        _pending = pending;
        _loadTime = loadTime;
        _defaultKeepAlive = defaultKeepAlive;
        _time = time;
    }

    public InstalledModel Model { get; }

    public async Task<SlotLease> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<SlotLease> waiter;
        LinkedListNode<TaskCompletionSource<SlotLease>> node;
        lock (_gate)
        {
            if (_free > 0 && _waiters.Count == 0)
            {
                _free--;
                _active++;
                return new SlotLease(this);
            }
            if (!_pending.TryEnter()) throw ApiError.Busy();
            waiter = new TaskCompletionSource<SlotLease>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }
        try
        {
            using (cancellationToken.Register(() =>
                   {
                       lock (_gate)
                       {
                           // Only a waiter still in the queue can be cancelled; one already handed a slot keeps it.
                           if (node.List != null)
                           {
                               _waiters.Remove(node);
                               waiter.TrySetCanceled(cancellationToken);
                           }
                       }
                   }))
            {
                return await waiter.Task;
            }
        }
        finally
        {
            _pending.Leave();
        }
    }

    /// <summary>Waits until the model is loaded; returns how long this request waited for that.</summary>
    public async Task<TimeSpan> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        Task loading;
        lock (_gate)
        {
            if (_loaded) return _time.GetElapsedTime(started);
            // The load is shared and not tied to the first client: a disconnect must not fail the others waiting on it.
            if (_loading is null)
            {
                loading = LoadAsync();
                // With no load time it has already finished (and cleared _loading); a finished load kept here would
                // pass for the next one after the model expired, which would then never mark it loaded.
                if (!loading.IsCompleted) _loading = loading;
            }
            else
            {
                loading = _loading;
            }
        }
        await loading.WaitAsync(cancellationToken);
        return _time.GetElapsedTime(started);
    }

    async Task LoadAsync()
    {
        // A timer may fire a few milliseconds early (it keeps coarse time); a load takes at least --load-ms by the clock
        // that reports load_duration.
        var began = _time.GetTimestamp();
        for (var left = _loadTime; left > TimeSpan.Zero; left = _loadTime - _time.GetElapsedTime(began))
            await Task.Delay(left, _time);
        lock (_gate)
        {
            _loaded = true;
            _loading = null;
            _expiresAt = Expiry(_defaultKeepAlive);
        }
    }

    /// <summary>Marks the model loaded without delay (for <c>--preload</c>).</summary>
    public void Preload()
    {
        lock (_gate)
        {
            _loaded = true;
            _expiresAt = Expiry(_defaultKeepAlive);
        }
    }

    /// <summary>Keep-alive 0 with no prompt: unload now (or when the running requests end).</summary>
    public void Unload()
    {
        lock (_gate)
        {
            _expiresAt = _time.GetLocalNow();
            if (_active == 0) _loaded = false;
        }
    }

    internal void Release(TimeSpan? keepAlive)
    {
        lock (_gate)
        {
            _expiresAt = Expiry(keepAlive ?? _defaultKeepAlive);
            while (_waiters.First is { } next)
            {
                _waiters.RemoveFirst();
                // Hand the slot straight to the oldest waiter so the queue stays FIFO.
                if (next.Value.TrySetResult(new SlotLease(this))) return;
            }
            _active--;
            _free++;
            if (_active == 0 && _expiresAt <= _time.GetLocalNow()) _loaded = false;
        }
    }

    /// <summary>Loaded and not yet expired; the expiry is evaluated lazily, so an idle model simply stops being loaded.</summary>
    public bool IsLoaded(out DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            expiresAt = _expiresAt;
            if (!_loaded) return false;
            if (_active > 0 || _expiresAt > _time.GetLocalNow()) return true;
            _loaded = false;
            return false;
        }
    }

    DateTimeOffset Expiry(TimeSpan keepAlive)
    {
        var now = _time.GetLocalNow();
        // Negative keep-alive means forever; Go shows that as a date centuries ahead.
        return keepAlive == TimeSpan.MaxValue || keepAlive > TimeSpan.FromDays(365 * 200) ? now.AddYears(290) : now + keepAlive;
    }
}
