namespace ModelGateway.Forwarding;

/// <summary>No worker could take the request; nothing has been written to the client yet.</summary>
public sealed class WorkerDispatchException : Exception
{
    public WorkerDispatchException(DispatchFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        RetryAfter = retryAfter;
    }

    public DispatchFailure Failure { get; }

    /// <summary>When a retry makes sense, how long the client should wait.</summary>
    public TimeSpan? RetryAfter { get; }
}
