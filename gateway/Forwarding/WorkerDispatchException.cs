using ModelGateway.Errors;

namespace ModelGateway.Forwarding;

/// <summary>No worker could take the request; nothing has been written to the client yet.</summary>
public sealed class WorkerDispatchException : GatewayException
{
    public WorkerDispatchException(DispatchFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(failure.ToStatusCode(), message, "server_error", code: failure == DispatchFailure.Busy ? "server_busy" : null, retryAfter: retryAfter, inner: inner)
    {
        Failure = failure;
    }

    public DispatchFailure Failure { get; }
}
