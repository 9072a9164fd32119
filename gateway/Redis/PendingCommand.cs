namespace ModelGateway.Redis;

/// <summary>
/// A command from its caller's call to its reply. It completes exactly once: by its reply, its timeout, its
/// caller's cancellation or the loss of the connection. Whatever comes second is ignored, which is how a late reply
/// is discarded while still consuming its place in the reply order.
/// </summary>
/// <remarks>
/// Its caller's continuation runs on the thread that completes it: the reader completes a reply in place
/// (<see cref="Complete"/>) or hands it to the pool (<see cref="CompleteOnThreadPool"/>); a cancellation is always
/// handed to the pool, so that no caller's code runs inside whoever cancelled.
/// </remarks>
internal sealed class PendingCommand : IThreadPoolWorkItem
{
    readonly TaskCompletionSource<RedisReply> _completion = new();
    RedisReply _reply;
    readonly RedisCounters _counters;
    ITimer? _timer;
    CancellationTokenRegistration _cancellation;

    public PendingCommand(string command, IReadOnlyList<RedisArgument> args, RedisCounters counters)
    {
        Command = command;
        Args = args;
        _counters = counters;
    }

    public string Command { get; }
    public IReadOnlyList<RedisArgument> Args { get; }
    public Task<RedisReply> Task => _completion.Task;
    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Arm(TimeProvider time, TimeSpan timeout, string endpoint, CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(static state =>
        {
            var (self, timeout, endpoint) = ((PendingCommand, TimeSpan, string))state!;
            self.OnTimeout(timeout, endpoint);
        }, (this, timeout, endpoint), timeout, Timeout.InfiniteTimeSpan);
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(static (state, token) =>
                ThreadPool.UnsafeQueueUserWorkItem(static s =>
                {
                    var (self, token) = s;
                    if (self._completion.TrySetCanceled(token)) self.Release();
                }, ((PendingCommand)state!, token), preferLocal: false), this);
        if (IsCompleted) Release(); // completed while arming: don't leak the timer
    }

    /// <summary>Completes with the reply later, on a thread-pool thread.</summary>
    public void CompleteOnThreadPool(RedisReply reply)
    {
        _reply = reply;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => Complete(_reply);

    /// <summary>Completes with the reply now; the caller's continuation runs on this thread.</summary>
    public void Complete(RedisReply reply)
    {
        if (reply.IsError)
        {
            if (_completion.TrySetException(new RedisServerException(reply.AsString() ?? "")))
            {
                _counters.CommandFailed();
                Release();
            }
        }
        else if (_completion.TrySetResult(reply))
        {
            _counters.CommandSucceeded();
            Release();
        }
    }

    public void Fail(Exception exception)
    {
        if (_completion.TrySetException(exception))
        {
            _counters.CommandFailed();
            Release();
        }
    }

    void OnTimeout(TimeSpan timeout, string endpoint)
    {
        var message = $"Redis command {Command} to {endpoint} was not answered within {timeout.TotalMilliseconds:0} ms (Redis:CommandTimeout).";
        if (_completion.TrySetException(new RedisTimeoutException(message)))
        {
            _counters.CommandTimedOut();
            Release();
        }
    }

    void Release()
    {
        _timer?.Dispose();
        _cancellation.Unregister();
    }
}
