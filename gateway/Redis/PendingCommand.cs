namespace ModelGateway.Redis;

/// <summary>
/// A command from its caller's call to its reply. It completes exactly once: by its reply, its timeout, its
/// caller's cancellation or the loss of the connection. Whatever comes second is ignored, which is how a late reply
/// is discarded while still consuming its place in the reply order.
/// </summary>
internal sealed class PendingCommand
{
    readonly TaskCompletionSource<RedisReply> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
            {
                var self = (PendingCommand)state!;
                if (self._completion.TrySetCanceled(token)) self.Release();
            }, this);
        if (IsCompleted) Release(); // completed while arming: don't leak the timer
    }

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
